package org.stockbridge.forecasting.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmark's scenarios change what they say and nothing else, and make supply as scarce as they claim. */
class NationalInstanceScenarioTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private static TransferProblem of(NationalInstance.Scenario scenario) {
        return NationalInstance.generate(7, 120, 24, TODAY, scenario);
    }

    private static long shortfallUnits(TransferProblem problem) {
        return problem.shortfalls().stream().mapToLong(Shortfall::quantity).sum();
    }

    private static long surplusUnits(TransferProblem problem) {
        return TransferModel.of(problem).donors.stream().mapToLong(TransferModel.Donor::surplus).sum();
    }

    @Test
    void everyScenarioOfASeedHasTheSameSitesAndProducts() {
        TransferProblem ample = of(NationalInstance.Scenario.AMPLE);
        for (NationalInstance.Scenario scenario : NationalInstance.Scenario.values()) {
            TransferProblem other = of(scenario);
            assertThat(other.sites()).as(scenario.name()).isEqualTo(ample.sites());
            assertThat(other.products()).as(scenario.name()).isEqualTo(ample.products());
        }
        assertThat(NationalInstance.generate(7, 120, 24, TODAY)).usingRecursiveComparison().ignoringFields("lanes")
                .isEqualTo(ample);
    }

    @Test
    void theAmpleInstanceHasMoreSurplusThanShortfallAndTheScarceOneFarLess() {
        TransferProblem ample = of(NationalInstance.Scenario.AMPLE);
        TransferProblem scarce = of(NationalInstance.Scenario.SCARCE);

        assertThat(surplusUnits(ample)).isGreaterThan(shortfallUnits(ample));
        assertThat(shortfallUnits(scarce)).isEqualTo(3 * shortfallUnits(ample));
        assertThat(surplusUnits(scarce)).isLessThan(shortfallUnits(scarce) / 2);
    }

    @Test
    void theSurgeIsInTheCorridorOnBothSidesOfTheBorder() {
        TransferProblem ample = of(NationalInstance.Scenario.AMPLE);
        TransferProblem surge = of(NationalInstance.Scenario.SURGE);
        Map<Long, TransferSite> sites = surge.sites().stream()
                .collect(Collectors.toMap(TransferSite::siteId, Function.identity()));
        Set<String> corridor = Set.of("R02", "R05", "ON", "QC");

        long inCorridor = surge.shortfalls().stream().filter(s -> corridor.contains(sites.get(s.siteId()).region()))
                .mapToLong(Shortfall::quantity).sum();
        long before = ample.shortfalls().stream().filter(s -> corridor.contains(sites.get(s.siteId()).region()))
                .mapToLong(Shortfall::quantity).sum();

        assertThat(inCorridor).isGreaterThan(4 * before);
        assertThat(surge.shortfalls()).anyMatch(s -> "CA".equals(sites.get(s.siteId()).jurisdiction())
                && corridor.contains(sites.get(s.siteId()).region()));
    }

    @Test
    void aClosedCrossingIsNeverOnARouteAndTheOthersStayOpen() {
        TransferProblem closed = of(NationalInstance.Scenario.CLOSED_CROSSINGS);
        Set<String> used = new TreeSet<>();
        for (TransferSite from : closed.sites()) {
            for (TransferSite to : closed.sites()) {
                closed.lanes().between(from, to).ifPresent(route -> used.addAll(route.crossings()));
            }
        }

        assertThat(used).doesNotContain("Detroit-Windsor", "Port Huron-Sarnia", "Buffalo-Fort Erie",
                "Champlain-Lacolle").contains("Pembina-Emerson");
    }

    @Test
    void theRecallRecallsEveryLotOfTheRecalledProductsAndOnlyThem() {
        TransferProblem recall = of(NationalInstance.Scenario.RECALL);
        Map<Long, TransferProduct> products = recall.products().stream()
                .collect(Collectors.toMap(TransferProduct::productId, Function.identity()));

        assertThat(recall.donors()).anyMatch(d -> isRecalled(products.get(d.productId())));
        for (DonorStock donor : recall.donors()) {
            if (isRecalled(products.get(donor.productId()))) {
                assertThat(donor.lots()).allMatch(lot -> "RECALLED".equals(lot.status()));
            }
        }
    }

    @Test
    void onAScarceInstanceTheGreedyBaselineCoversNoMoreThanTheProvenOptimum() {
        TransferProblem scarce = of(NationalInstance.Scenario.RECALL);

        TransferPlan optimum = new ExactTransferOptimiser(Duration.ofSeconds(30), 1).solve(scarce);
        TransferPlan greedy = new GreedyTransferOptimiser().solve(scarce);

        assertThat(optimum.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(greedy.objective()).isLessThanOrEqualTo(optimum.objective());
    }

    private static boolean isRecalled(TransferProduct product) {
        return "US".equals(product.marketJurisdiction()) && product.equivalenceGroupId() != null
                && product.equivalenceGroupId() % 3 == 0;
    }
}
