package org.stockbridge.forecasting.transfer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Generates a national instance, solves it exactly and with the greedy nearest-donor baseline in the same run, and
 * prints the problem size, solve time (without and with the explanations written), status, the proven gap, the load
 * average around the solve and the baseline's coverage against the optimum.
 * Arguments: seed, sites, products, time limit in seconds, solver threads.
 */
public final class TransferBenchmark {

    private TransferBenchmark() {
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261201L;
        int siteCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int productCount = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        LocalDate today = LocalDate.of(2026, 12, 1);

        long t0 = System.nanoTime();
        TransferProblem problem = NationalInstance.generate(seed, siteCount, productCount, today);
        long generated = System.nanoTime();
        TransferModel model = TransferModel.of(problem);
        long lots = problem.donors().stream().mapToLong(d -> d.lots().size()).sum();
        long usUnits = problem.shortfalls().stream().mapToLong(Shortfall::quantity).sum();
        print("instance", "seed %d: %d sites (%d US, %d CA, %d federal), %d products, %d shortfalls (%,d units), "
                        + "%d donor stocks with %d lots, generated in %d ms",
                seed, problem.sites().size(), problem.sites().stream().filter(s -> "US".equals(s.jurisdiction())).count(),
                problem.sites().stream().filter(s -> "CA".equals(s.jurisdiction())).count(),
                problem.sites().stream().filter(TransferSite::federal).count(), problem.products().size(),
                problem.shortfalls().size(), usUnits, problem.donors().size(), lots, (generated - t0) / 1_000_000);
        print("model", "%,d integer variables (lot, shortfall pairs the rules allow), %d independent parts, largest %,d variables",
                model.arcs.size(), model.components().size(),
                model.components().stream().mapToInt(java.util.List::size).max().orElse(0));

        // The first solve loads the native library; a small solve beforehand keeps that out of the timing.
        new ExactTransferOptimiser(Duration.ofSeconds(5), 1).solve(NationalInstance.generate(1, 20, 4, today));

        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long solveStarted = System.nanoTime();
        TransferPlan optimum = new ExactTransferOptimiser(Duration.ofSeconds(seconds), threads).solve(problem);
        long withExplanations = (System.nanoTime() - solveStarted) / 1_000_000;
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        print("optimiser", "%s on %d threads: status %s, gap %.6f, objective %.1f, bound %.1f, %d transfers, "
                        + "covered %,d of %,d units, solved in %d ms (%d ms with the explanations written), "
                        + "1-minute load average %.2f before, %.2f after",
                optimum.solver(), threads, optimum.status(), optimum.gap(), optimum.objective(), optimum.bestBound(),
                optimum.transfers().size(), covered(optimum), usUnits, optimum.solveMillis(), withExplanations,
                loadBefore, loadAfter);
        TransferPlan greedy = new GreedyTransferOptimiser().solve(problem);
        print("baseline", "%s: objective %.1f, %d transfers, covered %,d units, in %d ms",
                greedy.solver(), greedy.objective(), greedy.transfers().size(), covered(greedy), greedy.solveMillis());
        print("ratio", "baseline / optimum: weighted coverage %.4f, units covered %.4f; optimum covers %,d more units",
                greedy.objective() / optimum.objective(), (double) covered(greedy) / covered(optimum),
                covered(optimum) - covered(greedy));
    }

    private static long covered(TransferPlan plan) {
        return plan.outcomes().stream().mapToLong(ShortfallOutcome::covered).sum();
    }

    private static void print(String what, String format, Object... args) {
        System.out.println(what + ": " + String.format(Locale.ROOT, format, args));
    }
}
