package org.stockbridge.api.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;

class ForecastSettingsUnitTests {

    private static ForecastSettings caps(Integer training, Integer calibration) {
        return new ForecastSettings(null, null, null, null, null, null, null, null, training, calibration, null);
    }

    @Test
    void the_window_caps_default_to_the_measured_ones_and_reach_the_job() {
        ForecastSettings settings = caps(null, null);

        DemandTrainingSettings demand = new ForecastConfiguration().forecastJobSettings(settings).demand();

        assertThat(demand.maxTrainingRows()).isEqualTo(DemandTrainingSettings.MAX_TRAINING_ROWS);
        assertThat(demand.maxCalibrationRows()).isEqualTo(DemandTrainingSettings.MAX_CALIBRATION_ROWS);
        assertThat(new ForecastConfiguration().forecastJobSettings(caps(250_000, 40_000)).demand())
                .extracting(DemandTrainingSettings::maxTrainingRows, DemandTrainingSettings::maxCalibrationRows)
                .containsExactly(250_000, 40_000);
    }

    @Test
    void a_cap_below_a_thousand_windows_is_refused_naming_its_property() {
        assertThatThrownBy(() -> caps(999, null))
                .hasMessageContaining("stockbridge.forecast.max-training-rows must be at least 1000, was 999");
        assertThatThrownBy(() -> caps(null, 0))
                .hasMessageContaining("stockbridge.forecast.max-calibration-rows must be at least 1000, was 0");
    }
}
