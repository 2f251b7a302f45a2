package org.stockbridge.forecasting.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.domain.ledger.MovementType;
import org.stockbridge.domain.ledger.ReasonCode;
import org.stockbridge.domain.ledger.SiteContext;
import org.stockbridge.forecasting.driver.DemandDriver;

class DemoStockSimulatorUnitTests {

    private static final LocalDate START = LocalDate.of(2024, 12, 1);
    private static final SeriesSpec REGIONAL_N95 = new SeriesSpec("SNS-R04", "HHS-4",
            new SiteContext(Jurisdiction.US, true), SiteKind.REGIONAL, "PPE-n95", ProductKind.PPE, true, 1);
    private static final SeriesSpec REGIONAL_DRUG = new SeriesSpec("SNS-R04", "HHS-4",
            new SiteContext(Jurisdiction.US, true), SiteKind.REGIONAL, "NDC-0009-0280", ProductKind.DRUG, false, 1);
    private static final SeriesSpec DISPENSING_DRUG = new SeriesSpec("EVU-1", "HHS-6",
            new SiteContext(Jurisdiction.US, false), SiteKind.DISPENSING, "NDC-0310-7442", ProductKind.DRUG, false, 1);
    private static final SeriesSpec PROVINCIAL_GLOVES = new SeriesSpec("NESS-ON", "ON",
            new SiteContext(Jurisdiction.CA, true), SiteKind.PROVINCIAL, "PPE-nitrile_gloves", ProductKind.PPE, true, 50);

    private final DemoStockSimulator simulator = new DemoStockSimulator(42, START, 730, DemandDriver.NONE);

    @Test
    void the_same_seed_gives_the_same_lines() {
        SimulatedSeries first = simulator.simulate(REGIONAL_N95);
        SimulatedSeries second = new DemoStockSimulator(42, START, 730, DemandDriver.NONE).simulate(REGIONAL_N95);
        assertThat(second.lines()).isEqualTo(first.lines());
        assertThat(second.demand()).isEqualTo(first.demand());
    }

    @Test
    void another_seed_gives_other_demand() {
        long[] other = new DemoStockSimulator(43, START, 730, DemandDriver.NONE).demand(REGIONAL_N95);
        assertThat(other).isNotEqualTo(simulator.demand(REGIONAL_N95));
    }

    @Test
    void replaying_the_lines_never_takes_a_lot_below_zero_and_ends_at_the_simulated_stock() {
        for (SeriesSpec spec : List.of(REGIONAL_N95, REGIONAL_DRUG, DISPENSING_DRUG, PROVINCIAL_GLOVES)) {
            SimulatedSeries series = simulator.simulate(spec);
            long[] balance = new long[series.lots().size()];
            int lastDay = 0;
            for (SimulatedSeries.Line line : series.lines()) {
                assertThat(line.day()).isGreaterThanOrEqualTo(lastDay);
                lastDay = line.day();
                if (line.type() == MovementType.COUNT_CORRECTION) {
                    assertThat(line.priorOnHand()).isEqualTo(balance[line.lot()]);
                }
                balance[line.lot()] += line.quantity();
                assertThat(balance[line.lot()]).as("lot %s after %s", line.lot(), line).isNotNegative();
            }
        }
    }

    @Test
    void a_dispensing_site_s_issued_series_is_the_sum_of_its_issue_lines_and_never_exceeds_demand() {
        SimulatedSeries series = simulator.simulate(DISPENSING_DRUG);
        long[] fromLines = new long[series.days()];
        series.lines().stream().filter(l -> l.type() == MovementType.ISSUE)
                .forEach(l -> fromLines[l.day()] -= l.quantity());
        assertThat(fromLines).isEqualTo(series.issued());
        for (int day = 0; day < series.days(); day++) {
            assertThat(series.issued()[day]).isLessThanOrEqualTo(series.demand()[day]);
        }
    }

    @Test
    void a_depot_deploys_in_bursts_on_working_days_and_never_more_than_was_asked_for() {
        SimulatedSeries series = simulator.simulate(REGIONAL_DRUG);
        long[] fromLines = new long[series.days()];
        series.lines().stream().filter(l -> l.type() == MovementType.ISSUE)
                .peek(l -> assertThat(l.reason()).isEqualTo(ReasonCode.DEPLOYMENT))
                .forEach(l -> fromLines[l.day()] -= l.quantity());
        assertThat(fromLines).isEqualTo(series.issued());
        assertThat(Arrays.stream(series.issued()).sum()).isLessThanOrEqualTo(Arrays.stream(series.demand()).sum());
        long deploymentDays = Arrays.stream(series.issued()).filter(q -> q > 0).count();
        assertThat(deploymentDays).isBetween(series.days() / 10L, series.days() / 3L);
        assertThat(IntStream.range(0, series.days()).filter(d -> series.issued()[d] > 0)
                .mapToObj(series::day)).noneMatch(DemoStockSimulatorUnitTests::weekend);
    }

    @Test
    void every_line_uses_a_reason_its_movement_type_allows() {
        SimulatedSeries series = simulator.simulate(PROVINCIAL_GLOVES);
        assertThat(series.lines()).allSatisfy(line -> assertThat(line.reason().allowedFor(line.type())).isTrue());
        assertThat(series.lines()).extracting(SimulatedSeries.Line::type)
                .contains(MovementType.RECEIPT, MovementType.ISSUE, MovementType.COUNT_CORRECTION);
    }

    @Test
    void receipts_are_whole_packs() {
        SimulatedSeries series = simulator.simulate(PROVINCIAL_GLOVES);
        assertThat(series.lines()).filteredOn(l -> l.type() == MovementType.RECEIPT)
                .allSatisfy(l -> assertThat(l.quantity() % 50).isZero());
    }

    @Test
    void depots_issue_less_at_weekends_than_on_weekdays() {
        long[] demand = simulator.demand(REGIONAL_N95);
        double weekend = IntStream.range(0, demand.length).filter(d -> weekend(START.plusDays(d)))
                .mapToLong(d -> demand[d]).average().orElseThrow();
        double weekday = IntStream.range(0, demand.length).filter(d -> !weekend(START.plusDays(d)))
                .mapToLong(d -> demand[d]).average().orElseThrow();
        assertThat(weekend).isLessThan(weekday * 0.85);
    }

    @Test
    void respiratory_demand_peaks_in_winter() {
        long[] demand = simulator.demand(PROVINCIAL_GLOVES);
        Map<Integer, long[]> byMonth = new HashMap<>();
        for (int d = 0; d < demand.length; d++) {
            long[] total = byMonth.computeIfAbsent(START.plusDays(d).getMonthValue(), m -> new long[2]);
            total[0] += demand[d];
            total[1]++;
        }
        double january = (double) byMonth.get(1)[0] / byMonth.get(1)[1];
        double july = (double) byMonth.get(7)[0] / byMonth.get(7)[1];
        assertThat(january).isGreaterThan(july * 1.2);
    }

    @Test
    void dispensing_site_demand_is_intermittent() {
        long[] demand = simulator.demand(DISPENSING_DRUG);
        long zeroDays = Arrays.stream(demand).filter(d -> d == 0).count();
        assertThat(zeroDays).isGreaterThan(demand.length / 5);
        assertThat(Arrays.stream(demand).sum()).isPositive();
    }

    @Test
    void the_driver_scales_us_ppe_demand_and_leaves_canada_alone() {
        DemandDriver doubled = new DemandDriver() {
            @Override
            public double factor(String region, LocalDate day) {
                return day.isBefore(START.plusDays(365)) ? 1.0 : 3.0;
            }

            @Override
            public String describe() {
                return "step";
            }
        };
        DemoStockSimulator driven = new DemoStockSimulator(42, START, 730, doubled);
        assertThat(ratio(driven.demand(REGIONAL_N95))).isGreaterThan(1.5);
        assertThat(driven.demand(PROVINCIAL_GLOVES)).isEqualTo(simulator.demand(PROVINCIAL_GLOVES));
    }

    @Test
    void extended_expiry_appears_only_on_us_federal_drug_lots() {
        assertThat(simulator.simulate(REGIONAL_N95).lots()).allSatisfy(l -> assertThat(l.extendedExpiry()).isNull());
        assertThat(simulator.simulate(DISPENSING_DRUG).lots()).allSatisfy(l -> assertThat(l.extendedExpiry()).isNull());
    }

    @Test
    void lots_that_outlive_their_expiry_are_written_off_the_day_after() {
        SimulatedSeries series = simulator.simulate(REGIONAL_N95);
        assertThat(series.lines()).filteredOn(l -> l.reason() == ReasonCode.EXPIRED).allSatisfy(line -> {
            SimulatedSeries.Lot lot = series.lots().get(line.lot());
            LocalDate expiry = lot.extendedExpiry() != null ? lot.extendedExpiry() : lot.labelledExpiry();
            assertThat(series.day(line.day())).isAfter(expiry);
        });
    }

    @Test
    void a_series_shorter_than_four_weeks_is_refused() {
        assertThatThrownBy(() -> new DemoStockSimulator(1, START, 7, DemandDriver.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days must be between");
    }

    private static boolean weekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static double ratio(long[] demand) {
        double first = Arrays.stream(demand, 0, 365).average().orElseThrow();
        double second = Arrays.stream(demand, 365, demand.length).average().orElseThrow();
        return second / first;
    }
}
