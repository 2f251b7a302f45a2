package org.stockbridge.forecasting.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DemandForecastUnitTests {

    private static DemandForecast forecast() {
        return new DemandForecast(new DemandSeries.Key("s", "p"), SeriesBuilder.START, 28, 100,
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
        assertThat(doubled.expected()).isEqualTo(200);
    }

    @Test
    void decreasing_quantiles_are_refused() {
        assertThatThrownBy(() -> new DemandForecast(new DemandSeries.Key("s", "p"), SeriesBuilder.START, 7, 1,
                new double[] {1, 2, 3, 4, 5, 4, 6, 7, 8})).hasMessageContaining("must not decrease");
    }
}
