package org.stockbridge.forecasting.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.simulation.DemoPanel;
import org.stockbridge.forecasting.simulation.DemoStockSimulator;

/**
 * The expected total and the quantiles of every forecast of the demo panel (552 series of the demo stock, as the
 * simulator regenerates them) are one coherent distribution, at every horizon and at several as-of days.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForecastCoherenceTests {

    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final DemandTrainingSettings SETTINGS = new DemandTrainingSettings(List.of(7, 28), 40, 4, 0.1, 7,
            90, 28, 1, 7L);

    private final List<DemandForecast> forecasts = new ArrayList<>();

    @BeforeAll
    void forecastTheDemoPanel() {
        List<DemandSeries> panel = DemoPanel.read(Path.of("../benchmarks/demo-panel.csv"))
                .series(new DemoStockSimulator(42, START, 730, DemandDriver.NONE));
        for (LocalDate asOf : List.of(START.plusDays(400), START.plusDays(560), START.plusDays(700))) {
            DemandModel model = new DemandTrainer(SETTINGS).train(panel, asOf, DemandDriver.NONE);
            for (int horizon : SETTINGS.horizons()) {
                forecasts.addAll(model.forecast(panel, asOf, horizon, DemandDriver.NONE));
            }
        }
    }

    @Test
    void every_series_of_the_demo_panel_is_forecast() {
        assertThat(forecasts).hasSize(3 * 2 * 552);
    }

    @Test
    void the_quantiles_never_decrease_and_bracket_the_median() {
        for (DemandForecast f : forecasts) {
            double[] totals = f.totals();
            for (int i = 1; i < totals.length; i++) {
                assertThat(totals[i]).as("%s level %s", f.key(), DemandForecast.LEVELS[i])
                        .isGreaterThanOrEqualTo(totals[i - 1]);
            }
            assertThat(f.p10()).as("p10 of %s", f.key()).isLessThanOrEqualTo(f.p50());
            assertThat(f.p50()).as("p50 of %s", f.key()).isLessThanOrEqualTo(f.p90());
        }
    }

    @Test
    void the_expected_total_is_the_mean_of_the_distribution_its_quantiles_describe() {
        for (DemandForecast f : forecasts) {
            assertThat(f.expected()).as("expected of %s", f.key())
                    .isCloseTo(meanOfQuantileFunction(f), within(1e-4 * Math.max(1, f.p90())));
        }
    }

    @Test
    void the_expected_total_lies_within_the_eighty_percent_interval() {
        for (DemandForecast f : forecasts) {
            assertThat(f.expected()).as("expected of %s against [p10, p90] = [%s, %s]", f.key(), f.p10(), f.p90())
                    .isBetween(f.p10(), f.p90());
        }
    }

    /** The mean as the integral over (0, 1) of the forecast's quantile function, by the midpoint rule. */
    private static double meanOfQuantileFunction(DemandForecast f) {
        int steps = 20_000;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += f.quantile((i + 0.5) / steps);
        }
        return sum / steps;
    }
}
