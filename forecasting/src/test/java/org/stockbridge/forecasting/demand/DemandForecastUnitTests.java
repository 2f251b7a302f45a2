package org.stockbridge.forecasting.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DemandForecastUnitTests {

    private static DemandForecast forecast() {
        return new DemandForecast(new DemandSeries.Key("s", "p"), SeriesBuilder.START, 28,
                new double[] {40, 50, 60, 80, 100, 120, 140, 150, 170});
    }

    @Test
    void the_probability_of_staying_below_a_quantile_is_its_level() {
        DemandForecast f = forecast();
        for (double level : new double[] {0.05, 0.1, 0.3, 0.5, 0.77, 0.9, 0.95}) {
            assertThat(f.probabilityAtMost(f.quantile(level))).isCloseTo(level, within(1e-9));
        }
    }

    @Test
    void a_what_if_multiplier_scales_every_quantile() {
        DemandForecast doubled = forecast().scaled(2);
        assertThat(doubled.p90()).isEqualTo(280);
        assertThat(doubled.expected()).isCloseTo(2 * forecast().expected(), within(1e-9));
    }

    @Test
    void the_expected_total_is_the_mean_of_the_quantile_function() {
        // 0.02 * 40 / 2 + trapezoids between the levels + 0.02 * 170 above the highest
        double mean = 0.4 + 0.03 * 45 + 0.05 * 55 + 0.15 * 70 + 0.25 * 90 + 0.25 * 110 + 0.15 * 130 + 0.05 * 145
                + 0.03 * 160 + 3.4;
        assertThat(forecast().expected()).isCloseTo(mean, within(1e-9));
    }

    @Test
    void a_right_skewed_forecast_expects_more_than_its_median() {
        DemandForecast skewed = new DemandForecast(new DemandSeries.Key("s", "p"), SeriesBuilder.START, 28,
                new double[] {10, 12, 15, 20, 30, 50, 90, 130, 200});
        assertThat(skewed.expected()).isGreaterThan(skewed.p50()).isLessThan(skewed.p90());
    }

    @Test
    void decreasing_quantiles_are_refused() {
        assertThatThrownBy(() -> new DemandForecast(new DemandSeries.Key("s", "p"), SeriesBuilder.START, 7,
                new double[] {1, 2, 3, 4, 5, 4, 6, 7, 8})).hasMessageContaining("must not decrease");
    }
}
