package org.stockbridge.forecasting.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stockbridge.forecasting.driver.DemandDriver;

class DemandFeaturesUnitTests {

    @Test
    void features_read_nothing_after_the_origin() {
        DemandSeries series = SeriesBuilder.series().noisy(40, 500, 1).build();
        double[] changed = series.daily().clone();
        for (int i = 401; i < changed.length; i++) {
            changed[i] = changed[i] * 10 + 7;
        }
        DemandSeries future = new DemandSeries(series.key(), series.attributes(), series.start(), changed);
        PanelSignals signals = PanelSignals.of(List.of(series), DemandDriver.NONE);
        PanelSignals futureSignals = PanelSignals.of(List.of(future), DemandDriver.NONE);
        assertThat(DemandFeatures.compute(future, 400, 28, futureSignals))
                .containsExactly(DemandFeatures.compute(series, 400, 28, signals));
    }

    @Test
    void the_driver_is_read_with_its_publication_lag() {
        DemandSeries series = SeriesBuilder.series().constant(10, 200).build();
        java.time.LocalDate origin = series.date(150);
        DemandDriver spikeAfterLag = new DemandDriver() {
            @Override
            public double factor(String region, java.time.LocalDate day) {
                return day.isAfter(origin.minusDays(DemandFeatures.DRIVER_LAG_DAYS)) ? 50.0 : 1.0;
            }

            @Override
            public String describe() {
                return "spike after the lag";
            }
        };
        double[] f = DemandFeatures.compute(series, 150, 7, PanelSignals.none(spikeAfterLag));
        assertThat(f[DemandFeatures.NAMES.indexOf("driver_level")]).isEqualTo(1.0);
    }

    @Test
    void a_feature_that_needs_more_history_than_there_is_is_missing() {
        DemandSeries series = SeriesBuilder.series().constant(5, 100).build();
        double[] f = DemandFeatures.compute(series, 30, 28, PanelSignals.none(DemandDriver.NONE));
        assertThat(f[DemandFeatures.NAMES.indexOf("last_year_window")]).isNaN();
        assertThat(f[DemandFeatures.NAMES.indexOf("mean_29_56")]).isNaN();
        assertThat(f[DemandFeatures.NAMES.indexOf("mean_28")]).isEqualTo(1.0);
    }

    @Test
    void levels_are_relative_to_the_series_scale() {
        DemandSeries small = SeriesBuilder.series().constant(2, 120).build();
        DemandSeries large = SeriesBuilder.series().constant(2000, 120).build();
        int mean7 = DemandFeatures.NAMES.indexOf("mean_7");
        assertThat(DemandFeatures.compute(small, 119, 7, PanelSignals.none(DemandDriver.NONE))[mean7])
                .isEqualTo(DemandFeatures.compute(large, 119, 7, PanelSignals.none(DemandDriver.NONE))[mean7]);
    }

    @Test
    void an_origin_outside_the_series_is_refused() {
        DemandSeries series = SeriesBuilder.series().constant(5, 10).build();
        assertThatThrownBy(() -> DemandFeatures.compute(series, 10, 7, PanelSignals.none(DemandDriver.NONE)))
                .hasMessageContaining("outside");
    }
}
