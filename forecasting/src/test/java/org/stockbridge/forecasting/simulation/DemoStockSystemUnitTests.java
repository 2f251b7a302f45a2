package org.stockbridge.forecasting.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.ledger.MovementType;
import org.stockbridge.domain.ledger.ReasonCode;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.driver.HospitalCensus;

/**
 * The default demo stock (the 552 pairs of {@code benchmarks/demo-panel.csv}, two years, the replayed hospital census)
 * behaves like a stockpile system.
 */
class DemoStockSystemUnitTests {

    private static final long SEED = 20_261_201L;
    private static final LocalDate START = LocalDate.of(2024, 12, 1);
    private static final int DAYS = 730;
    /** The share of depot days whose stock lies within its policy band (safety stock to maximum). */
    private static final double IN_BAND = 0.9;

    private static List<SeriesSpec> specs;
    private static List<SimulatedSeries> system;

    @BeforeAll
    static void simulate() {
        specs = DemoPanel.read(Path.of("../benchmarks/demo-panel.csv")).specs();
        system = simulator().simulateAll(specs);
    }

    private static DemoStockSimulator simulator() {
        Path census = Path.of("../data/real/hhs-hospital-capacity-state/"
                + "COVID-19_Reported_Patient_Impact_and_Hospital_Capacity_by_State_Timeseries_subset.csv");
        DemandDriver driver = HospitalCensus.read(census).replayedTo(START.plusDays(DAYS - 1L));
        return new DemoStockSimulator(SEED, START, DAYS, driver);
    }

    @Test
    void depots_keep_their_stock_between_safety_stock_and_maximum_on_nine_days_in_ten() {
        long inBand = 0;
        long depotDays = 0;
        int depotsMostlyInBand = 0;
        int depots = 0;
        for (SimulatedSeries series : system) {
            if (!series.spec().depot()) {
                continue;
            }
            long[] stock = endOfDayStock(series);
            long inside = 0;
            for (long units : stock) {
                if (units >= series.policy().safetyStock() && units <= series.policy().maxStock()) {
                    inside++;
                }
            }
            inBand += inside;
            depotDays += stock.length;
            depots++;
            if (inside >= 0.8 * stock.length) {
                depotsMostlyInBand++;
            }
        }
        System.out.printf("in band %.3f, depots mostly in band %d of %d%n", (double) inBand / depotDays,
                depotsMostlyInBand, depots);
        assertThat((double) inBand / depotDays).isGreaterThanOrEqualTo(IN_BAND);
        assertThat(depotsMostlyInBand).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * depots));
    }

    @Test
    void depots_move_stock_by_deployments_and_never_dispense() {
        for (SimulatedSeries series : system) {
            boolean depot = series.spec().depot();
            assertThat(series.lines()).filteredOn(l -> l.type() == MovementType.ISSUE)
                    .allSatisfy(l -> assertThat(l.reason())
                            .isEqualTo(depot ? ReasonCode.DEPLOYMENT : ReasonCode.DISPENSED));
            if (!depot) {
                assertThat(series.lines()).noneMatch(l -> l.type() == MovementType.TRANSFER_OUT);
            }
        }
        assertThat(system.stream().filter(s -> s.spec().siteKind() == org.stockbridge.domain.SiteKind.DISPENSING)
                .flatMap(s -> s.lines().stream()).filter(l -> l.type() == MovementType.TRANSFER_IN)).isNotEmpty();
    }

    @Test
    void every_transfer_out_has_its_transfer_in_of_the_same_lot_and_quantity() {
        Map<String, String> outs = new HashMap<>();
        Map<String, String> ins = new HashMap<>();
        for (SimulatedSeries series : system) {
            for (SimulatedSeries.Line line : series.lines()) {
                String lot = series.spec().product() + "/" + series.lots().get(line.lot()).number();
                if (line.type() == MovementType.TRANSFER_OUT) {
                    assertThat(outs.put(line.reference(), lot + " " + -line.quantity() + " from "
                            + series.spec().site())).isNull();
                } else if (line.type() == MovementType.TRANSFER_IN) {
                    assertThat(ins.put(line.reference(), lot + " " + line.quantity())).isNull();
                }
            }
        }
        assertThat(outs).isNotEmpty();
        assertThat(ins.keySet()).isEqualTo(outs.keySet());
        outs.forEach((reference, out) -> assertThat(out).startsWith(ins.get(reference) + " from "));
    }

    @Test
    void the_same_seed_gives_the_same_ledger() {
        List<SimulatedSeries> again = simulator().simulateAll(specs);
        for (int i = 0; i < system.size(); i++) {
            assertThat(again.get(i).lines()).isEqualTo(system.get(i).lines());
            assertThat(again.get(i).lots()).isEqualTo(system.get(i).lots());
        }
    }

    @Test
    void stepping_day_by_day_drains_the_same_lines_lots_and_policies_as_simulating_at_once() {
        DemoStockSimulator.Stepper stepper = simulator().stepper(specs);
        List<List<SimulatedSeries.Line>> drained = new ArrayList<>();
        for (int i = 0; i < stepper.size(); i++) {
            drained.add(new ArrayList<>());
            assertThat(stepper.policy(i)).isEqualTo(system.get(i).policy());
        }
        while (stepper.hasNextDay()) {
            int day = stepper.day();
            stepper.advance();
            for (int i = 0; i < stepper.size(); i++) {
                List<SimulatedSeries.Line> lines = stepper.drain(i);
                assertThat(lines).allSatisfy(line -> assertThat(line.day()).isEqualTo(day));
                drained.get(i).addAll(lines);
            }
        }
        assertThat(stepper.day()).isEqualTo(DAYS);
        for (int i = 0; i < system.size(); i++) {
            assertThat(drained.get(i)).isEqualTo(system.get(i).lines());
            assertThat(stepper.lots(i)).isEqualTo(system.get(i).lots());
        }
    }

    @Test
    void no_site_holds_stock_of_a_lot_past_its_expiry_there() {
        for (SimulatedSeries series : system) {
            long[] onHand = new long[series.lots().size()];
            int next = 0;
            List<SimulatedSeries.Line> lines = series.lines();
            for (int day = 0; day < series.days(); day++) {
                while (next < lines.size() && lines.get(next).day() == day) {
                    SimulatedSeries.Line line = lines.get(next++);
                    onHand[line.lot()] += line.quantity();
                }
                LocalDate date = series.day(day);
                for (int lot = 0; lot < onHand.length; lot++) {
                    SimulatedSeries.Lot l = series.lots().get(lot);
                    LocalDate expiry = series.spec().context().slepApplies() && l.extendedExpiry() != null
                            ? l.extendedExpiry() : l.labelledExpiry();
                    if (date.isAfter(expiry)) {
                        assertThat(onHand[lot]).as("%s %s on %s", series.spec().site(), l.number(), date).isZero();
                    }
                }
            }
        }
        assertThat(system.stream().flatMap(s -> s.lines().stream())
                .filter(l -> l.reason() == ReasonCode.EXPIRED)).isNotEmpty();
    }

    @Test
    void only_us_federal_sites_give_their_lots_a_slep_date() {
        Set<String> extendedAtFederal = new HashSet<>();
        List<String> extendedElsewhere = new ArrayList<>();
        for (SimulatedSeries series : system) {
            for (SimulatedSeries.Line line : series.lines()) {
                SimulatedSeries.Lot lot = series.lots().get(line.lot());
                if (line.type() == MovementType.RECEIPT && lot.extendedExpiry() != null) {
                    if (series.spec().context().slepApplies()) {
                        extendedAtFederal.add(lot.number());
                    } else {
                        extendedElsewhere.add(series.spec().site() + " " + lot.number());
                    }
                }
            }
        }
        assertThat(extendedAtFederal).isNotEmpty();
        assertThat(extendedElsewhere).isEmpty();
    }

    /** The site's total on hand at the end of each day. */
    private static long[] endOfDayStock(SimulatedSeries series) {
        long[] stock = new long[series.days()];
        long total = 0;
        int next = 0;
        for (int day = 0; day < stock.length; day++) {
            while (next < series.lines().size() && series.lines().get(next).day() == day) {
                total += series.lines().get(next++).quantity();
            }
            stock[day] = total;
        }
        return stock;
    }
}
