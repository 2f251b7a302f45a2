package org.stockbridge.forecasting.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.registry.ModelArtifact;
import org.stockbridge.forecasting.registry.ModelCodec;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemandTrainerUnitTests {

    static final DemandTrainingSettings SMALL = new DemandTrainingSettings(List.of(7, 28), 40, 4, 0.1, 5, 60, 28, 1,
            7L);

    private List<DemandSeries> panel;
    private LocalDate asOf;
    private DemandModel model;

    @BeforeAll
    void train() {
        panel = SeriesBuilder.simulatedPanel(300, 11);
        asOf = SeriesBuilder.START.plusDays(260);
        model = new DemandTrainer(SMALL).train(panel, asOf, DemandDriver.NONE);
    }

    @Test
    void training_windows_end_before_the_calibration_period_and_calibration_windows_by_the_as_of_day() {
        DemandTrainer.Split split = new DemandTrainer(SMALL).split(panel, asOf);
        int cut = panel.get(0).index(asOf) - SMALL.calibrationDays();
        assertThat(split.training()).allMatch(r -> r.origin() + r.horizon() <= cut);
        assertThat(split.calibration()).allMatch(r -> r.origin() >= cut
                && r.origin() + r.horizon() <= panel.get(0).index(asOf));
        assertThat(model.trainingTo()).isEqualTo(asOf.minusDays(60));
    }

    @Test
    void a_model_trained_as_of_a_day_does_not_change_with_data_after_it() {
        List<DemandSeries> cut = panel.stream().map(s -> s.asOf(asOf)).toList();
        DemandModel again = new DemandTrainer(SMALL).train(cut, asOf, DemandDriver.NONE);
        DemandForecast a = model.forecast(cut, cut.get(0), asOf, 28, DemandDriver.NONE);
        DemandForecast b = again.forecast(cut, cut.get(0), asOf, 28, DemandDriver.NONE);
        assertThat(b.totals()).containsExactly(a.totals());
    }

    @Test
    void forecasts_carry_ordered_quantiles_around_the_level_of_the_series() {
        for (DemandForecast f : model.forecast(panel, asOf, 28, DemandDriver.NONE)) {
            DemandSeries s = panel.stream().filter(x -> x.key().equals(f.key())).findFirst().orElseThrow();
            double recent = s.mean(s.index(asOf) - 27, s.index(asOf)) * 28;
            assertThat(f.p10()).isLessThanOrEqualTo(f.p50());
            assertThat(f.p50()).isLessThanOrEqualTo(f.p90());
            assertThat(f.expected()).isBetween(recent * 0.3, recent * 3 + 28);
        }
    }

    @Test
    void a_model_stored_in_the_registry_reloads_with_the_same_forecasts_and_its_provenance() {
        ModelArtifact artifact = ModelCodec.demand(model);
        DemandModel reloaded = ModelCodec.demandModel(artifact);
        assertThat(reloaded.forecast(panel, asOf, 7, DemandDriver.NONE).get(3).totals())
                .containsExactly(model.forecast(panel, asOf, 7, DemandDriver.NONE).get(3).totals());
        assertThat(artifact.summary()).contains("XGBoostRegressionTrainer").contains("Tribuo 4.3.2");
        assertThat(artifact.provenance()).contains("training-to").contains(asOf.minusDays(60).toString());
        assertThat(reloaded.metrics()).isEqualTo(model.metrics()).containsKey("calibration_mae_ratio");
    }

    @Test
    void a_horizon_the_model_was_not_trained_for_is_refused() {
        assertThatThrownBy(() -> model.forecast(panel, asOf, 90, DemandDriver.NONE))
                .hasMessageContaining("horizon must be one of [7, 28]");
    }

    @Test
    void too_little_history_for_the_horizons_is_refused() {
        assertThatThrownBy(() -> new DemandTrainer(SMALL).train(panel, SeriesBuilder.START.plusDays(70),
                DemandDriver.NONE)).hasMessageContaining("not enough history");
    }
}
