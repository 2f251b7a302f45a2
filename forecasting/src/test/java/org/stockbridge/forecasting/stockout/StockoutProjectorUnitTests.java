package org.stockbridge.forecasting.stockout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stockbridge.forecasting.demand.DemandForecast;
import org.stockbridge.forecasting.demand.DemandSeries;

class StockoutProjectorUnitTests {

    private static final LocalDate AS_OF = LocalDate.of(2026, 3, 1);
    private final StockoutProjector projector = new StockoutProjector();

    /** A forecast whose quantiles are spread evenly around a median total. */
    private static DemandForecast demand(double median, double spread, int horizon) {
        double[] totals = new double[DemandForecast.LEVELS.length];
        for (int i = 0; i < totals.length; i++) {
            totals[i] = Math.max(0, median + spread * (DemandForecast.LEVELS[i] - 0.5) * 2);
        }
        return new DemandForecast(new DemandSeries.Key("S", "P"), AS_OF, horizon, totals);
    }

    private static StockPosition position(List<UsableLot> lots, List<Inbound> inbound) {
        return new StockPosition("S", "P", AS_OF, lots, inbound);
    }

    private static UsableLot lot(long quantity, int expiresInDays) {
        return new UsableLot("L" + quantity, quantity, AS_OF.plusDays(expiresInDays));
    }

    @Test
    void the_projection_at_the_quantile_alone_gives_the_full_projections_usable_demand_shortfall_and_stockout_day() {
        List<StockPosition> positions = List.of(
                position(List.of(lot(10_000, 400)), List.of()),
                position(List.of(lot(120, 400), lot(80, 10)), List.of(new Inbound(AS_OF.plusDays(5), 1000, null))),
                position(List.of(lot(50, 3)), List.of()),
                new StockPosition("S", "P", AS_OF, List.of(lot(300, 20)), List.of(new Inbound(AS_OF.plusDays(9), 200,
                        AS_OF.plusDays(60))), new Replenishment(150, 400, 7)));
        List<ProjectionSettings> settings = List.of(ProjectionSettings.defaults(),
                ProjectionSettings.defaults().withQuantile(0.9).withSupplyRisk(0.4),
                ProjectionSettings.defaults().withQuantile(0.75).withWhatIf(2.5, 0));
        int withShortfall = 0;
        for (StockPosition position : positions) {
            for (ProjectionSettings setting : settings) {
                StockoutProjection full = projector.project(position, demand(280, 100, 28), setting);
                StockoutProjector.AtQuantile alone = projector.projectAtQuantile(position, demand(280, 100, 28),
                        setting);
                assertThat(alone).isEqualTo(new StockoutProjector.AtQuantile(full.usable(), full.demandAtQuantile(),
                        full.shortfall(), full.stockoutDateAtQuantile()));
                withShortfall += alone.shortfall() > 0 ? 1 : 0;
            }
        }
        assertThat(withShortfall).isPositive().isLessThan(positions.size() * settings.size());
    }

    @Test
    void ample_stock_never_runs_out() {
        StockoutProjection p = projector.project(position(List.of(lot(10_000, 400)), List.of()), demand(280, 100, 28),
                ProjectionSettings.defaults());
        assertThat(p.stockoutProbability()).isZero();
        assertThat(p.expectedStockoutDate()).isNull();
        assertThat(p.shortfall()).isZero();
        assertThat(p.path()).hasSize(28);
        assertThat(p.path().get(27).onHandP50()).isCloseTo(10_000 - 280, within(1e-6));
    }

    @Test
    void stock_runs_out_on_the_day_median_demand_exhausts_it_and_the_shortfall_is_what_is_left_unmet() {
        StockoutProjection p = projector.project(position(List.of(lot(100, 400)), List.of()), demand(280, 0, 28),
                ProjectionSettings.defaults());
        assertThat(p.expectedStockoutDate()).isEqualTo(AS_OF.plusDays(11));
        assertThat(p.shortfallP50()).isCloseTo(180, within(1e-6));
        assertThat(p.stockoutProbability()).isEqualTo(1.0);
    }

    @Test
    void the_probability_is_the_share_of_demand_outcomes_that_outrun_the_stock() {
        StockoutProjection p = projector.project(position(List.of(lot(280, 400)), List.of()), demand(280, 100, 28),
                ProjectionSettings.defaults());
        assertThat(p.stockoutProbability()).isCloseTo(0.5, within(0.01));
        assertThat(p.shortfallP90()).isGreaterThan(p.shortfallP50());
        assertThat(p.shortfallP10()).isZero();
    }

    @Test
    void stock_that_expires_before_it_is_used_does_not_count() {
        StockoutProjection p = projector.project(position(List.of(lot(500, 5)), List.of()), demand(280, 0, 28),
                ProjectionSettings.defaults());
        assertThat(p.expiring()).isCloseTo(500 - 50, within(1e-6));
        assertThat(p.expectedStockoutDate()).isEqualTo(AS_OF.plusDays(6));
    }

    @Test
    void inbound_stock_is_discounted_by_the_supply_risk_and_delayed_by_the_what_if() {
        StockPosition position = position(List.of(lot(100, 400)),
                List.of(new Inbound(AS_OF.plusDays(5), 1000, null)));
        StockoutProjection safe = projector.project(position, demand(280, 0, 28), ProjectionSettings.defaults());
        StockoutProjection risky = projector.project(position, demand(280, 0, 28),
                ProjectionSettings.defaults().withSupplyRisk(1.0));
        StockoutProjection late = projector.project(position, demand(280, 0, 28),
                ProjectionSettings.defaults().withWhatIf(1.0, 20));
        assertThat(safe.shortfall()).isZero();
        assertThat(risky.expectedInbound()).isCloseTo(500, within(1e-6));
        assertThat(late.expectedStockoutDate()).isEqualTo(AS_OF.plusDays(11));
        assertThat(late.shortfallP50()).isCloseTo(10 * 14, within(1e-6));
    }

    @Test
    void a_site_with_a_reorder_policy_is_resupplied_after_its_lead_time() {
        StockPosition replenished = new StockPosition("S", "P", AS_OF, List.of(lot(200, 400)), List.of(),
                new Replenishment(150, 400, 7));
        StockoutProjection onTime = projector.project(replenished, demand(280, 0, 28), ProjectionSettings.defaults());
        StockoutProjection delayed = projector.project(replenished, demand(280, 0, 28),
                ProjectionSettings.defaults().withWhatIf(1.0, 30));
        StockoutProjection disrupted = projector.project(replenished, demand(280, 0, 28),
                ProjectionSettings.defaults().withSupplyRisk(1.0));
        assertThat(onTime.shortfall()).isZero();
        assertThat(onTime.expectedInbound()).isPositive();
        assertThat(delayed.expectedStockoutDate()).isEqualTo(AS_OF.plusDays(21));
        assertThat(disrupted.path().get(20).onHandP50()).isLessThan(onTime.path().get(20).onHandP50());
    }

    @Test
    void more_demand_never_means_less_risk() {
        StockPosition position = position(List.of(lot(300, 400)), List.of());
        List<Double> probabilities = new ArrayList<>();
        for (double m : new double[] {0.5, 0.8, 1.0, 1.2, 1.5, 3}) {
            probabilities.add(projector.project(position, demand(280, 120, 28),
                    ProjectionSettings.defaults().withWhatIf(m, 0)).stockoutProbability());
        }
        assertThat(probabilities).isSorted();
    }

    @Test
    void what_if_parameters_out_of_range_are_refused() {
        assertThatThrownBy(() -> ProjectionSettings.defaults().withWhatIf(-1, 0))
                .hasMessageContaining("demandMultiplier");
        assertThatThrownBy(() -> ProjectionSettings.defaults().withWhatIf(1, 400))
                .hasMessageContaining("leadTimeDelayDays");
    }
}
