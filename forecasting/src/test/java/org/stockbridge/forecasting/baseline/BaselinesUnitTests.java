package org.stockbridge.forecasting.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.SeriesBuilder;

class BaselinesUnitTests {

    private static final DemandSeries WEEKS = SeriesBuilder.series()
            .values(1, 1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 10, 12, 14).build();

    @Test
    void seasonal_naive_repeats_the_last_week() {
        assertThat(new SeasonalNaive().rate(WEEKS, 13, 28)).isEqualTo(8.0);
    }

    @Test
    void the_burn_rate_is_the_trailing_mean() {
        assertThat(new TrailingBurnRate(14).rate(WEEKS, 13, 7)).isEqualTo(63.0 / 14);
        assertThat(new TrailingBurnRate(7).rate(WEEKS, 6, 7)).isEqualTo(1.0);
    }

    @Test
    void exponential_smoothing_of_a_constant_series_is_that_constant() {
        DemandSeries flat = SeriesBuilder.series().constant(12, 60).build();
        assertThat(new SimpleExponentialSmoothing().rate(flat, 59, 7)).isCloseTo(12, within(1e-9));
    }

    @Test
    void croston_and_tsb_forecast_the_rate_of_an_intermittent_series() {
        double[] values = new double[400];
        for (int i = 0; i < values.length; i += 4) {
            values[i] = 8;
        }
        DemandSeries intermittent = SeriesBuilder.series().values(values).build();
        assertThat(Croston.classic().rate(intermittent, 399, 28)).isCloseTo(2.0, within(0.05));
        assertThat(Croston.tsb().rate(intermittent, 399, 28)).isCloseTo(2.0, within(0.3));
    }

    @Test
    void a_series_that_never_moved_forecasts_zero() {
        DemandSeries silent = SeriesBuilder.series().constant(0, 30).build();
        assertThat(Croston.tsb().rate(silent, 29, 7)).isZero();
    }
}
