package org.stockbridge.forecasting.transfer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Solves a transfer problem part by part. The parts are independent (no shortfall or donor in two parts, and products
 * move within their equivalence group only), so the optimum of the whole is the union of the parts' optima and its
 * proven bound the sum of theirs.
 */
final class Parts {

    /** How a part was solved. */
    enum Method { SINGLE_PAIR, LP_VERTEX, MIP, CP_SAT }

    /**
     * A part's result: the bound proved on its first objective (scaled weighted units), whether every stage was proven
     * optimal, whether time ran out before any solution, and how it was solved.
     */
    record Result(long bound, boolean optimal, boolean unsolved, Method method) {
    }

    interface Solver {
        Result solve(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs);
    }

    private Parts() {
    }

    /** The later objectives of a part whose first objective is proven, with that proven bound. */
    interface Finisher {
        Result solve(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs, long bound);
    }

    static TransferPlan solve(TransferProblem problem, Duration timeLimit, int threads, String name, Solver solver) {
        return solve(problem, timeLimit, threads, name, solver, null, null);
    }

    /**
     * Solves every part with {@code first}; a part it hands back ({@code null}) goes to {@code then} at once, and the
     * later objectives of those parts ({@code rest}) once every part's first objective is solved.
     */
    static TransferPlan solve(TransferProblem problem, Duration timeLimit, int threads, String name, Solver first,
                              Solver then, Finisher rest) {
        long started = System.nanoTime();
        long deadline = started + timeLimit.toNanos();
        long c0 = Trace.cpu();
        long p0 = Trace.processCpu();
        TransferModel model = TransferModel.of(problem);
        Trace.log("model built in %d ms cpu %d ms: %d arcs", (System.nanoTime() - started) / 1_000_000,
                (Trace.cpu() - c0) / 1_000_000, model.arcs.size());
        List<List<Integer>> components = model.components();
        // Parts mixing pack sizes first: their integer programs start while the network-flow parts are solved.
        Map<List<Integer>, Boolean> mixed = new IdentityHashMap<>();
        components.forEach(c -> mixed.put(c, mixedPacks(model, c)));
        components.sort(Comparator.comparing((List<Integer> c) -> !mixed.get(c))
                .thenComparing(Comparator.comparingInt((List<Integer> c) -> c.size()).reversed()));
        long[] packs = new long[model.arcs.size()];
        List<Result> results = new ArrayList<>();
        Solver guarded = (m, arcs, d, p) -> {
            if (arcs.size() == 1) {
                return single(m, arcs.get(0), p);
            }
            Result r = first.solve(m, arcs, d, p);
            return r != null || then == null ? r : then.solve(m, arcs, d, p);
        };
        // First every part's first objective (network-flow parts all four), then the later objectives of the parts
        // solved as integer programs, in the time left.
        List<Result> firstPass = run(model, components, guarded, deadline, packs, threads);
        Trace.log("first pass done at %d ms", (System.nanoTime() - started) / 1_000_000);
        List<List<Integer>> pending = new ArrayList<>();
        List<Long> bounds = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            Result r = firstPass.get(i);
            if (r == null) {
                results.add(new Result(upperBound(model, components.get(i)), false, true, Method.LP_VERTEX));
            } else if (r.method() == Method.MIP && r.optimal() && rest != null) {
                pending.add(components.get(i));
                bounds.add(r.bound());
            } else {
                results.add(r);
            }
        }
        if (!pending.isEmpty()) {
            List<Solver> finishing = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                long bound = bounds.get(i);
                finishing.add((m, arcs, d, p) -> rest.solve(m, arcs, d, p, bound));
            }
            results.addAll(runEach(model, pending, finishing, deadline, packs, threads));
        }
        Trace.log("later stages done at %d ms", (System.nanoTime() - started) / 1_000_000);
        model.requireFeasible(packs);
        long bound = 0;
        boolean allOptimal = true;
        boolean anyUnsolved = false;
        Map<Method, Integer> methods = new EnumMap<>(Method.class);
        for (Result r : results) {
            bound += r.bound();
            allOptimal &= r.optimal();
            anyUnsolved |= r.unsolved();
            methods.merge(r.method(), 1, Integer::sum);
        }
        long covered = model.objectives(packs)[0];
        SolveStatus status = allOptimal ? SolveStatus.OPTIMAL : anyUnsolved ? SolveStatus.TIMED_OUT : SolveStatus.FEASIBLE;
        long millis = (System.nanoTime() - started) / 1_000_000;
        TransferPlan plan = PlanWriter.write(model, packs, status, covered, Math.max(bound, covered), millis,
                name + " " + describe(methods));
        Trace.log("plan written at %d ms; process cpu %d ms", (System.nanoTime() - started) / 1_000_000,
                (Trace.processCpu() - p0) / 1_000_000);
        return plan;
    }

    private static List<Result> run(TransferModel model, List<List<Integer>> components, Solver solver, long deadline,
                                    long[] packs, int threads) {
        List<Solver> solvers = new ArrayList<>();
        components.forEach(c -> solvers.add(solver));
        return runEach(model, components, solvers, deadline, packs, threads);
    }

    private static List<Result> runEach(TransferModel model, List<List<Integer>> components, List<Solver> solvers,
                                        long deadline, long[] packs, int threads) {
        List<Result> results = new ArrayList<>();
        if (threads == 1 || components.size() < 2) {
            for (int i = 0; i < components.size(); i++) {
                results.add(solvers.get(i).solve(model, components.get(i), deadline, packs));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, components.size()), daemonThreads());
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < components.size(); i++) {
                Solver solver = solvers.get(i);
                List<Integer> component = components.get(i);
                futures.add(pool.submit(() -> solver.solve(model, component, deadline, packs)));
            }
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("transfer optimisation was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("transfer optimisation failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean mixedPacks(TransferModel model, List<Integer> arcIndices) {
        int pack = model.arcs.get(arcIndices.get(0)).packSize();
        for (int a : arcIndices) {
            if (model.arcs.get(a).packSize() != pack) {
                return true;
            }
        }
        return false;
    }

    /** The weighted coverage of a part if every pair shipped its most: a bound for a part left unsolved. */
    static long upperBound(TransferModel model, List<Integer> arcIndices) {
        long sum = 0;
        for (int a : arcIndices) {
            TransferModel.Arc arc = model.arcs.get(a);
            sum += arc.maxPacks() * arc.packSize() * model.needs.get(arc.need()).weight();
        }
        return sum;
    }

    /** One pair alone: its largest allowed quantity is the unique optimum of every stage. */
    private static Result single(TransferModel model, int arcIndex, long[] packs) {
        TransferModel.Arc arc = model.arcs.get(arcIndex);
        packs[arc.index()] = arc.maxPacks();
        return new Result(arc.maxPacks() * arc.packSize() * model.needs.get(arc.need()).weight(), true, false,
                Method.SINGLE_PAIR);
    }

    private static String describe(Map<Method, Integer> methods) {
        if (methods.isEmpty()) {
            return "(nothing to solve)";
        }
        List<String> parts = new ArrayList<>();
        methods.forEach((method, count) -> parts.add(count + " " + switch (method) {
            case SINGLE_PAIR -> "single-pair";
            case LP_VERTEX -> "GLOP integral-vertex";
            case MIP -> "SCIP";
            case CP_SAT -> "CP-SAT";
        }));
        return "(parts: " + String.join(", ", parts) + ")";
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
