package org.stockbridge.forecasting.transfer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates a national instance of each scenario asked for, solves it exactly and with the greedy nearest-donor
 * baseline in the same run, and prints the problem size, solve time (without and with the explanations written),
 * status, the proven gap, the load average around the solve and the baseline's coverage against the optimum; with
 * several scenarios, a table of them last.
 * Arguments: seed, sites, products, time limit in seconds, solver threads, scenarios ({@code all} or a comma-separated
 * list of {@code ample}, {@code scarce}, {@code surge}, {@code closed-crossings}, {@code recall}; default ample).
 */
public final class TransferBenchmark {

    /** One scenario's result, for the closing table. */
    private record Row(NationalInstance.Scenario scenario, long shortfallUnits, long surplusUnits, TransferPlan optimum,
                       TransferPlan greedy) {
    }

    private TransferBenchmark() {
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261201L;
        int siteCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int productCount = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        List<NationalInstance.Scenario> scenarios = new ArrayList<>();
        String asked = args.length > 5 ? args[5] : "ample";
        if (asked.equals("all")) {
            scenarios.addAll(List.of(NationalInstance.Scenario.values()));
        } else {
            for (String name : asked.split(",")) {
                scenarios.add(NationalInstance.Scenario.of(name.trim()));
            }
        }
        LocalDate today = LocalDate.of(2026, 12, 1);

        // The first solve loads the native library; a small solve beforehand keeps that out of the timing.
        new ExactTransferOptimiser(Duration.ofSeconds(5), 1).solve(NationalInstance.generate(1, 20, 4, today));

        List<Row> rows = new ArrayList<>();
        for (NationalInstance.Scenario scenario : scenarios) {
            rows.add(run(scenario, seed, siteCount, productCount, seconds, threads, today));
        }
        if (rows.size() > 1) {
            System.out.println();
            System.out.println("| scenario | shortfall units | donors' surplus units | optimum status | optimum solve "
                    + "| optimum covers | greedy covers | greedy / optimum, weighted | greedy / optimum, units "
                    + "| mean transit days, optimum / greedy | cost, greedy / optimum |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (Row row : rows) {
                System.out.println(String.format(Locale.ROOT, "| %s | %,d | %,d | %s (gap %.4f) | %.1f s | %,d | %,d "
                                + "| %.4f | %.4f | %.2f / %.2f | %.3f |",
                        row.scenario().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        row.shortfallUnits(), row.surplusUnits(), row.optimum().status(), row.optimum().gap(),
                        row.optimum().solveMillis() / 1000.0, covered(row.optimum()), covered(row.greedy()),
                        row.greedy().objective() / row.optimum().objective(),
                        (double) covered(row.greedy()) / covered(row.optimum()), meanTransitDays(row.optimum()),
                        meanTransitDays(row.greedy()), cost(row.greedy()) / cost(row.optimum())));
            }
        }
    }

    private static Row run(NationalInstance.Scenario scenario, long seed, int siteCount, int productCount, int seconds,
            int threads, LocalDate today) {
        String name = scenario.name().toLowerCase(Locale.ROOT).replace('_', '-');
        long t0 = System.nanoTime();
        TransferProblem problem = NationalInstance.generate(seed, siteCount, productCount, today, scenario);
        long generated = System.nanoTime();
        TransferModel model = TransferModel.of(problem);
        long lots = problem.donors().stream().mapToLong(d -> d.lots().size()).sum();
        long shortfallUnits = problem.shortfalls().stream().mapToLong(Shortfall::quantity).sum();
        long surplusUnits = model.donors.stream().mapToLong(TransferModel.Donor::surplus).sum();
        print(name, "instance", "seed %d: %d sites (%d US, %d CA, %d federal), %d products, %d shortfalls (%,d units), "
                        + "%d donor stocks with %d lots (%,d units of surplus above what they must keep), "
                        + "generated in %d ms",
                seed, problem.sites().size(), problem.sites().stream().filter(s -> "US".equals(s.jurisdiction())).count(),
                problem.sites().stream().filter(s -> "CA".equals(s.jurisdiction())).count(),
                problem.sites().stream().filter(TransferSite::federal).count(), problem.products().size(),
                problem.shortfalls().size(), shortfallUnits, problem.donors().size(), lots, surplusUnits,
                (generated - t0) / 1_000_000);
        print(name, "model", "%,d integer variables (lot, shortfall pairs the rules allow), %d independent parts, "
                        + "largest %,d variables", model.arcs.size(), model.components().size(),
                model.components().stream().mapToInt(List::size).max().orElse(0));

        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long solveStarted = System.nanoTime();
        TransferPlan optimum = new ExactTransferOptimiser(Duration.ofSeconds(seconds), threads).solve(problem);
        long withExplanations = (System.nanoTime() - solveStarted) / 1_000_000;
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        print(name, "optimiser", "%s on %d threads: status %s, gap %.6f, objective %.1f, bound %.1f, %d transfers, "
                        + "covered %,d of %,d units, solved in %d ms (%d ms with the explanations written), "
                        + "1-minute load average %.2f before, %.2f after",
                optimum.solver(), threads, optimum.status(), optimum.gap(), optimum.objective(), optimum.bestBound(),
                optimum.transfers().size(), covered(optimum), shortfallUnits, optimum.solveMillis(), withExplanations,
                loadBefore, loadAfter);
        TransferPlan greedy = new GreedyTransferOptimiser().solve(problem);
        print(name, "baseline", "%s: objective %.1f, %d transfers, covered %,d units, in %d ms",
                greedy.solver(), greedy.objective(), greedy.transfers().size(), covered(greedy), greedy.solveMillis());
        print(name, "ratio", "baseline / optimum: weighted coverage %.4f, units covered %.4f; optimum covers %,d more "
                        + "units; days in transit per unit %.2f (optimum) against %.2f (baseline); cost %.3f of the "
                        + "optimum's", greedy.objective() / optimum.objective(),
                (double) covered(greedy) / covered(optimum), covered(optimum) - covered(greedy),
                meanTransitDays(optimum), meanTransitDays(greedy), cost(greedy) / cost(optimum));
        return new Row(scenario, shortfallUnits, surplusUnits, optimum, greedy);
    }

    /** Days in transit per unit moved: the optimiser's second objective, after the weighted coverage. */
    private static double meanTransitDays(TransferPlan plan) {
        long units = plan.transfers().stream().mapToLong(RecommendedTransfer::quantity).sum();
        long unitDays = plan.transfers().stream().mapToLong(t -> t.quantity() * t.transitDays()).sum();
        return units == 0 ? 0 : (double) unitDays / units;
    }

    private static double cost(TransferPlan plan) {
        return plan.transfers().stream().mapToDouble(RecommendedTransfer::cost).sum();
    }

    private static long covered(TransferPlan plan) {
        return plan.outcomes().stream().mapToLong(ShortfallOutcome::covered).sum();
    }

    private static void print(String scenario, String what, String format, Object... args) {
        System.out.println(scenario + " " + what + ": " + String.format(Locale.ROOT, format, args));
    }
}
