package org.stockbridge.forecasting.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimisers against brute force: on many small random instances (seeded, so every run checks the same ones),
 * every whole-pack allocation the rules allow is enumerated and the lexicographically best objective vector found;
 * the optimisers must reach exactly that vector and call it proven.
 */
class TransferOptimiserExactnessTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final int INSTANCES = 300;

    @Test
    void theExactOptimiserMatchesBruteForceOnSmallRandomInstances() {
        int checked = check(new ExactTransferOptimiser(Duration.ofSeconds(20), 1), INSTANCES, 11);
        assertThat(checked).isEqualTo(INSTANCES);
    }

    @Test
    void theCpSatOptimiserMatchesBruteForceOnSmallRandomInstances() {
        int checked = check(new CpSatTransferOptimiser(Duration.ofSeconds(20), 1), 100, 23);
        assertThat(checked).isEqualTo(100);
    }

    @Test
    void theGreedyBaselineNeverCoversMoreThanTheOptimumAndSometimesLess() {
        Random random = new Random(5);
        TransferOptimiser exact = new ExactTransferOptimiser(Duration.ofSeconds(20), 1);
        TransferOptimiser greedy = new GreedyTransferOptimiser();
        int worse = 0;
        for (int i = 0; i < 300; i++) {
            TransferProblem problem = instance(random);
            double optimum = exact.solve(problem).objective();
            double baseline = greedy.solve(problem).objective();
            assertThat(baseline).isLessThanOrEqualTo(optimum);
            if (baseline < optimum) {
                worse++;
            }
        }
        assertThat(worse).isPositive();
    }

    @Test
    void theIntegerProgramOverPackCountsMatchesBruteForceOnMixedPackInstances() {
        OrToolsNatives.load();
        Random random = new Random(31);
        int checked = 0;
        int splitShortfalls = 0;
        while (checked < 150) {
            TransferProblem problem = instance(random);
            TransferModel model = TransferModel.of(problem);
            if (model.arcs.stream().map(TransferModel.Arc::packSize).distinct().count() < 2) {
                continue;
            }
            long[] best = bruteForce(model);
            if (best == null) {
                continue;
            }
            long[] packs = new long[model.arcs.size()];
            for (List<Integer> part : model.components()) {
                Parts.Result result = MipParts.solve(model, part, System.nanoTime() + 20_000_000_000L, packs);
                assertThat(result.optimal()).as("part of instance %d proven", checked).isTrue();
            }
            model.requireFeasible(packs);
            assertThat(model.objectives(packs)).as("objectives of instance %d", checked).containsExactly(best);
            checked++;
            for (int need = 0; need < model.needs.size(); need++) {
                splitShortfalls += model.arcsOfNeed.get(need).stream().map(a -> model.arcs.get(a).packSize())
                        .distinct().count() > 1 ? 1 : 0;
            }
        }
        assertThat(splitShortfalls).as("shortfalls reachable in two pack sizes").isGreaterThan(30);
    }

    private static int check(TransferOptimiser optimiser, int wanted, long seed) {
        Random random = new Random(seed);
        int checked = 0;
        int withTransfers = 0;
        int mixedPacks = 0;
        while (checked < wanted) {
            TransferProblem problem = instance(random);
            TransferModel model = TransferModel.of(problem);
            long[] best = bruteForce(model);
            if (best == null) {
                continue;
            }
            TransferPlan plan = optimiser.solve(problem);
            long[] reached = model.objectives(packsOf(model, plan));
            assertThat(reached).as("objectives of instance %d", checked).containsExactly(best);
            assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
            assertThat(plan.gap()).isZero();
            checked++;
            withTransfers += plan.transfers().isEmpty() ? 0 : 1;
            mixedPacks += model.arcs.stream().map(TransferModel.Arc::packSize).distinct().count() > 1 ? 1 : 0;
        }
        assertThat(withTransfers).as("instances with transfers").isGreaterThan(wanted / 2);
        assertThat(mixedPacks).as("instances with mixed pack sizes").isGreaterThan(wanted / 20);
        return checked;
    }

    /** The lexicographically best objective vector over every allowed allocation, or null when there are too many. */
    private static long[] bruteForce(TransferModel model) {
        int n = model.arcs.size();
        long combinations = 1;
        for (TransferModel.Arc arc : model.arcs) {
            combinations *= arc.maxPacks() + 1;
            if (combinations > 200_000) {
                return null;
            }
        }
        long[] x = new long[n];
        long[] best = null;
        while (true) {
            if (feasible(model, x)) {
                long[] value = model.objectives(x);
                if (best == null || better(value, best)) {
                    best = value;
                }
            }
            int i = 0;
            while (i < n && x[i] == model.arcs.get(i).maxPacks()) {
                x[i] = 0;
                i++;
            }
            if (i == n) {
                return best;
            }
            x[i]++;
        }
    }

    private static boolean better(long[] a, long[] b) {
        if (a[0] != b[0]) {
            return a[0] > b[0];
        }
        for (int k = 1; k < 4; k++) {
            if (a[k] != b[k]) {
                return a[k] < b[k];
            }
        }
        return false;
    }

    private static boolean feasible(TransferModel model, long[] x) {
        try {
            model.requireFeasible(x);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static long[] packsOf(TransferModel model, TransferPlan plan) {
        long[] packs = new long[model.arcs.size()];
        for (RecommendedTransfer t : plan.transfers()) {
            TransferModel.Arc arc = model.arcs.stream()
                    .filter(a -> model.lots.get(a.lot()).lot().lotId() == t.lotId()
                            && model.needs.get(a.need()).site().siteId() == t.toSiteId())
                    .findFirst().orElseThrow();
            packs[arc.index()] += t.packs();
        }
        return packs;
    }

    /** Five sites, one equivalence group of a U.S. and a Canadian product, up to three shortfalls and four donors. */
    private static TransferProblem instance(Random random) {
        List<TransferSite> sites = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String jurisdiction = i < 3 ? "US" : "CA";
            sites.add(new TransferSite(i + 1, jurisdiction + i, jurisdiction, random.nextDouble() < 0.4, "R"));
        }
        int[] packChoices = {1, 2, 3, 5};
        List<TransferProduct> products = List.of(
                new TransferProduct(1, "NDC-1", 9L, packChoices[random.nextInt(4)], "US"),
                new TransferProduct(2, "DIN-1", 9L, packChoices[random.nextInt(4)], "CA"));
        List<ProductAuthorisation> authorisations = new ArrayList<>();
        if (random.nextDouble() < 0.7) {
            authorisations.add(new ProductAuthorisation(2, "US", "TEMPORARY_IMPORTATION", TODAY, TODAY.plusDays(random.nextInt(8))));
        }
        if (random.nextDouble() < 0.7) {
            authorisations.add(new ProductAuthorisation(1, "CA", "EXCEPTIONAL_IMPORTATION", null, TODAY.plusDays(random.nextInt(8))));
        }
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        java.util.Collections.shuffle(order, random);
        List<Shortfall> shortfalls = new ArrayList<>();
        int needCount = 1 + random.nextInt(2);
        for (int k = 0; k < needCount; k++) {
            TransferSite site = sites.get(order.get(k));
            long product = "US".equals(site.jurisdiction()) ? 1 : 2;
            shortfalls.add(new Shortfall(site.siteId(), product, 9L, 1 + random.nextInt(12), 0.5 + random.nextInt(4),
                    TODAY.plusDays(7), 1 + random.nextInt(3)));
        }
        List<DonorStock> donors = new ArrayList<>();
        long lotId = 1;
        for (int k = needCount; k < 5; k++) {
            if (random.nextDouble() < 0.2) {
                continue;
            }
            TransferSite site = sites.get(order.get(k));
            TransferProduct product = products.get(random.nextInt(2));
            List<DonorLot> lots = new ArrayList<>();
            int lotCount = 1 + random.nextInt(2);
            for (int l = 0; l < lotCount; l++) {
                LocalDate labelled = TODAY.plusDays(random.nextInt(20) - 2);
                LocalDate extended = "US".equals(site.jurisdiction()) && random.nextDouble() < 0.3
                        ? labelled.plusDays(5 + random.nextInt(20)) : null;
                String status = random.nextDouble() < 0.1 ? "QUARANTINED" : "RELEASED";
                lots.add(new DonorLot(lotId, "L" + lotId, 1 + random.nextInt(9), labelled, extended, status));
                lotId++;
            }
            donors.add(new DonorStock(site.siteId(), product.productId(), 9L, product.packSize(), random.nextInt(3),
                    random.nextInt(3), random.nextInt(3), lots));
        }
        Map<String, Optional<Route>> routes = new HashMap<>();
        for (TransferSite a : sites) {
            for (TransferSite b : sites) {
                boolean open = random.nextDouble() > 0.1;
                List<String> crossings = a.jurisdiction().equals(b.jurisdiction()) ? List.of() : List.of("Detroit-Windsor");
                routes.put(a.code() + ">" + b.code(), open ? Optional.of(new Route(1 + random.nextInt(3),
                        Math.round(random.nextDouble() * 10) / 10.0, crossings)) : Optional.empty());
            }
        }
        Lanes lanes = (from, to) -> routes.get(from.code() + ">" + to.code());
        return new TransferProblem(TODAY, sites, products, authorisations, shortfalls, donors, lanes);
    }

    @Test
    void theBruteForceSeesEveryAllocation() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-A", "US", false).site("US-B", "US", false)
                .product("P", null, 2, "US");
        TransferModel model = TransferModel.of(b.shortfall("US-A", "P", 5, 5, 1)
                .donor("US-B", "P", 0, b.lot("L1", 3, TODAY.plusDays(30)), b.lot("L2", 3, TODAY.plusDays(60))).build());
        assertThat(Arrays.stream(bruteForce(model)).boxed().toList().get(0)).isEqualTo(4 * 1000L);
    }
}
