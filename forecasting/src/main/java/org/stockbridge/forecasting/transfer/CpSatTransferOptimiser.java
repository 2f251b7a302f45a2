package org.stockbridge.forecasting.transfer;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exact transfer optimiser: an integer program over whole packs per (lot, shortfall) pair, solved by OR-Tools
 * CP-SAT in integer arithmetic. The lexicographic objective is solved stage by stage, each stage fixing the optimum of
 * the one before: (1) criticality-weighted units covered, (2) unit-days in transit, (3) cost, (4) days to expiry of
 * the lots shipped (first expiry first out). The problem splits into independent parts (products move within their
 * equivalence group only), each solved on its own.
 */
public final class CpSatTransferOptimiser implements TransferOptimiser {

    private final Duration timeLimit;
    private final int threads;

    /** Thirty seconds for a whole problem, on as many threads as the machine has cores (at most four). */
    public CpSatTransferOptimiser() {
        this(Duration.ofSeconds(30), Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public CpSatTransferOptimiser(Duration timeLimit, int threads) {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, was " + timeLimit);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.timeLimit = timeLimit;
        this.threads = threads;
    }

    @Override
    public TransferPlan solve(TransferProblem problem) {
        String version = OrToolsNatives.load();
        long started = System.nanoTime();
        long deadline = started + timeLimit.toNanos();
        TransferModel model = TransferModel.of(problem);
        List<List<Integer>> components = model.components();
        components.sort(Comparator.comparingInt((List<Integer> c) -> c.size()).reversed());
        long[] packs = new long[model.arcs.size()];
        List<PartResult> results = new ArrayList<>();
        if (threads == 1 || components.size() < 2) {
            for (List<Integer> component : components) {
                results.add(solvePart(model, component, deadline, packs));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, components.size()), daemonThreads());
            try {
                List<Future<PartResult>> futures = new ArrayList<>();
                for (List<Integer> component : components) {
                    futures.add(pool.submit(() -> solvePart(model, component, deadline, packs)));
                }
                for (Future<PartResult> f : futures) {
                    results.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("transfer optimisation was interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("transfer optimisation failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        model.requireFeasible(packs);
        long bound = 0;
        boolean allOptimal = true;
        boolean anyUnsolved = false;
        for (PartResult r : results) {
            bound += r.bound();
            allOptimal &= r.optimal();
            anyUnsolved |= r.unsolved();
        }
        long covered = model.objectives(packs)[0];
        SolveStatus status = allOptimal ? SolveStatus.OPTIMAL : anyUnsolved ? SolveStatus.TIMED_OUT : SolveStatus.FEASIBLE;
        long millis = (System.nanoTime() - started) / 1_000_000;
        return PlanWriter.write(model, packs, status, covered, Math.max(bound, covered), millis,
                "OR-Tools CP-SAT " + version);
    }

    /** A part's result: the bound it proved on its first objective, and whether every stage was proven optimal. */
    private record PartResult(long bound, boolean optimal, boolean unsolved) {
    }

    private PartResult solvePart(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs) {
        if (arcIndices.size() == 1) {
            // One pair alone: its largest allowed quantity is the unique optimum of every stage.
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(0));
            packs[arc.index()] = arc.maxPacks();
            return new PartResult(arc.maxPacks() * arc.packSize() * model.needs.get(arc.need()).weight(), true, false);
        }
        int n = arcIndices.size();
        CpModel cp = new CpModel();
        IntVar[] x = new IntVar[n];
        long[][] coefficients = new long[4][n];
        Map<Integer, List<Integer>> byNeed = new LinkedHashMap<>();
        Map<Integer, List<Integer>> byLot = new LinkedHashMap<>();
        Map<Integer, List<Integer>> byDonor = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(i));
            x[i] = cp.newIntVar(0, arc.maxPacks(), "x" + arc.index());
            long pack = arc.packSize();
            coefficients[0][i] = model.needs.get(arc.need()).weight() * pack;
            coefficients[1][i] = (long) arc.route().transitDays() * pack;
            coefficients[2][i] = arc.costPerPackScaled();
            coefficients[3][i] = model.lots.get(arc.lot()).daysToExpiry() * pack;
            byNeed.computeIfAbsent(arc.need(), k -> new ArrayList<>()).add(i);
            byLot.computeIfAbsent(arc.lot(), k -> new ArrayList<>()).add(i);
            byDonor.computeIfAbsent(arc.donor(), k -> new ArrayList<>()).add(i);
        }
        byNeed.forEach((need, members) -> capacity(cp, model, arcIndices, x, members,
                model.needs.get(need).shortfall().quantity()));
        byLot.forEach((lot, members) -> capacity(cp, model, arcIndices, x, members, model.lots.get(lot).lot().onHand()));
        byDonor.forEach((donor, members) -> capacity(cp, model, arcIndices, x, members,
                model.donors.get(donor).surplus()));

        long[] best = new long[n];
        long bound = 0;
        boolean optimal = true;
        boolean solvedOnce = false;
        for (int stage = 0; stage < 4; stage++) {
            double seconds = (deadline - System.nanoTime()) / 1e9;
            if (seconds <= 0.001) {
                optimal = false;
                break;
            }
            LinearExpr objective = LinearExpr.weightedSum(x, coefficients[stage]);
            cp.clearObjective();
            if (stage == 0) {
                cp.maximize(objective);
            } else {
                cp.minimize(objective);
            }
            cp.clearHints();
            for (int i = 0; i < n; i++) {
                cp.addHint(x[i], best[i]);
            }
            CpSolver solver = new CpSolver();
            solver.getParameters().setMaxTimeInSeconds(seconds).setNumWorkers(1).setLogSearchProgress(false);
            CpSolverStatus status = solver.solve(cp);
            if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
                optimal = false;
                if (stage == 0) {
                    bound = upperBound(coefficients[0], arcIndices, model);
                }
                break;
            }
            for (int i = 0; i < n; i++) {
                best[i] = solver.value(x[i]);
            }
            solvedOnce = true;
            long value = dot(coefficients[stage], best);
            if (stage == 0) {
                bound = (long) Math.floor(solver.bestObjectiveBound() + 1e-6);
            }
            if (status != CpSolverStatus.OPTIMAL) {
                optimal = false;
                break;
            }
            cp.addEquality(objective, value);
        }
        for (int i = 0; i < n; i++) {
            packs[arcIndices.get(i)] = best[i];
        }
        return new PartResult(Math.max(bound, dot(coefficients[0], best)), optimal, !solvedOnce);
    }

    /** Adds {@code sum(pack * x) <= limit} over the members, unless their bounds already keep it. */
    private static void capacity(CpModel cp, TransferModel model, List<Integer> arcIndices, IntVar[] x,
                                 List<Integer> members, long limit) {
        long most = 0;
        IntVar[] vars = new IntVar[members.size()];
        long[] weights = new long[members.size()];
        for (int k = 0; k < members.size(); k++) {
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(members.get(k)));
            vars[k] = x[members.get(k)];
            weights[k] = arc.packSize();
            most += arc.maxPacks() * arc.packSize();
        }
        if (most > limit) {
            cp.addLessOrEqual(LinearExpr.weightedSum(vars, weights), limit);
        }
    }

    private static long upperBound(long[] coefficients, List<Integer> arcIndices, TransferModel model) {
        long sum = 0;
        for (int i = 0; i < coefficients.length; i++) {
            sum += coefficients[i] * model.arcs.get(arcIndices.get(i)).maxPacks();
        }
        return sum;
    }

    private static long dot(long[] a, long[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "transfer-optimiser-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
