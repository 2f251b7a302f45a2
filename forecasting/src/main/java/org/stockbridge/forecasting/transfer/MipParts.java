package org.stockbridge.forecasting.transfer;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part solved as a mixed-integer program by SCIP (through OR-Tools), for parts whose linear relaxation has
 * fractional vertices (products of one group in different pack sizes).
 *
 * <p>Only the shortfalls that may receive more than one pack size make the relaxation fractional: every pair from one
 * lot, and every lot of one donor, has the donor's pack size. So the integer variables are, per such shortfall and
 * pack size, how many packs of that size it receives ({@code y}, with {@code sum(size * y) <= shortfall}); the packs
 * per pair ({@code x}) are continuous. For any integral {@code y} the pairs form a network again (each shortfall split
 * into one row per pack size, capped by {@code y}): its polytope is integral, so is every face of it, and the optimum of
 * each stage over the previous stages' optimal face is attained by whole packs. Hence each stage's optimum with
 * continuous {@code x} is the whole-pack optimum. After each stage the network for that stage's {@code y} is solved
 * lexicographically by {@link LpFaceParts} (integral vertices), which gives the whole-pack allocation; it must reach
 * the stage's optimum, checked in exact integer arithmetic, and the next stage keeps that optimum by a row.
 *
 * <p>The four objectives are solved in turn; a stage SCIP does not prove, or whose allocation slips, ends the part
 * (which then counts as not proven on the later objectives).
 */
final class MipParts {

    private MipParts() {
    }

    /** The first objective only, proven; the part's later objectives are left to {@link #rest}. */
    static Parts.Result first(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs) {
        return solve(model, arcIndices, deadline, packs, 0, 1, 0);
    }

    /**
     * The later objectives of a part whose first one {@link #first} proved: its allocation in {@code packs} is the
     * starting point and its first objective is kept at that value.
     */
    static Parts.Result rest(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs, long bound) {
        return solve(model, arcIndices, deadline, packs, 1, 4, bound);
    }

    static Parts.Result solve(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs) {
        return solve(model, arcIndices, deadline, packs, 0, 4, 0);
    }

    /** A shortfall that may receive more than one pack size: its pairs by pack size and a variable per size. */
    private record Mixed(int need, List<Integer> sizes, List<MPVariable> y) {
    }

    private static Parts.Result solve(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs,
                                      int fromStage, int toStage, long knownBound) {
        MPSolver mip = MPSolver.createSolver("SCIP");
        if (mip == null) {
            return CpSatParts.solve(model, arcIndices, deadline, packs);
        }
        try {
            int n = arcIndices.size();
            MPVariable[] x = new MPVariable[n];
            long[][] coefficients = new long[4][n];
            Map<Integer, List<Integer>> byNeed = new LinkedHashMap<>();
            Map<Integer, List<Integer>> byLot = new LinkedHashMap<>();
            Map<Integer, List<Integer>> byDonor = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                TransferModel.Arc arc = model.arcs.get(arcIndices.get(i));
                x[i] = mip.makeNumVar(0, arc.maxPacks(), "");
                long pack = arc.packSize();
                coefficients[0][i] = model.needs.get(arc.need()).weight() * pack;
                coefficients[1][i] = (long) arc.route().transitDays() * pack;
                coefficients[2][i] = arc.costPerPackScaled();
                coefficients[3][i] = model.lots.get(arc.lot()).daysToExpiry() * pack;
                byNeed.computeIfAbsent(arc.need(), k -> new ArrayList<>()).add(i);
                byLot.computeIfAbsent(arc.lot(), k -> new ArrayList<>()).add(i);
                byDonor.computeIfAbsent(arc.donor(), k -> new ArrayList<>()).add(i);
            }
            List<Mixed> mixed = new ArrayList<>();
            byNeed.forEach((need, members) -> {
                Mixed m = needRows(mip, model, arcIndices, x, need, members);
                if (m != null) {
                    mixed.add(m);
                }
            });
            // Every pair of a lot, and every lot of a donor, has the donor's pack size: these rows count packs.
            byLot.forEach((lot, members) -> packRow(mip, model, arcIndices, x, members,
                    model.lots.get(lot).lot().available()));
            byDonor.forEach((donor, members) -> packRow(mip, model, arcIndices, x, members,
                    model.donors.get(donor).surplus()));

            MPSolverParameters parameters = new MPSolverParameters();
            parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0);
            mip.setSolverSpecificParametersAsString("numerics/feastol = 1e-9\nlimits/absgap = 0\nparallel/maxnthreads = 1\n");
            long[] best = null;
            long[] optimum = new long[4];
            if (fromStage > 0) {
                best = new long[n];
                for (int i = 0; i < n; i++) {
                    best[i] = packs[arcIndices.get(i)];
                }
                for (int stage = 0; stage < fromStage; stage++) {
                    optimum[stage] = CpSatParts.dot(coefficients[stage], best);
                    keep(mip, x, coefficients[stage], optimum[stage], stage == 0);
                }
            }
            long bound = knownBound;
            boolean optimal = true;
            MPObjective objective = mip.objective();
            for (int stage = fromStage; stage < toStage; stage++) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000;
                if (remaining <= 1) {
                    optimal = false;
                    break;
                }
                mip.setTimeLimit(remaining);
                objective.clear();
                for (int i = 0; i < n; i++) {
                    objective.setCoefficient(x[i], coefficients[stage][i]);
                }
                objective.setOptimizationDirection(stage == 0);
                if (best != null) {
                    hint(mip, model, arcIndices, x, mixed, best);
                }
                long t0 = System.nanoTime();
                long c0 = Trace.cpu();
                MPSolver.ResultStatus status = mip.solve(parameters);
                Trace.log("SCIP part of %d vars (%d mixed shortfalls) stage %d: %s in %d ms, cpu %d ms", n, mixed.size(), stage,
                        status, (System.nanoTime() - t0) / 1_000_000, (Trace.cpu() - c0) / 1_000_000);
                if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
                    optimal = false;
                    break;
                }
                long[] values = wholePacks(model, arcIndices, mixed, deadline);
                if (values == null || !keepsEarlierStages(values, coefficients, optimum, stage)
                        || !fits(model, arcIndices, values)) {
                    optimal = false;
                    break;
                }
                long reached = CpSatParts.dot(coefficients[stage], values);
                if (stage == 0) {
                    bound = (long) Math.floor(objective.bestBound() + 1e-6);
                }
                // The whole-pack allocation for SCIP's pack counts is at least as good as SCIP's own answer; worse
                // would mean the two disagree, and the stage is not taken as proven.
                boolean reachesOptimum = stage == 0 ? reached >= Math.round(Math.floor(objective.value() + 1e-6))
                        : reached <= Math.round(Math.ceil(objective.value() - 1e-6));
                if (best == null || !worse(values, best, coefficients, stage)) {
                    best = values;
                }
                optimum[stage] = CpSatParts.dot(coefficients[stage], best);
                if (status != MPSolver.ResultStatus.OPTIMAL || !reachesOptimum) {
                    optimal = false;
                    break;
                }
                keep(mip, x, coefficients[stage], optimum[stage], stage == 0);
            }
            if (best == null) {
                return new Parts.Result(Parts.upperBound(model, arcIndices), false, true, Parts.Method.MIP);
            }
            for (int i = 0; i < n; i++) {
                packs[arcIndices.get(i)] = best[i];
            }
            return new Parts.Result(Math.max(bound, optimum[0]), optimal, false, Parts.Method.MIP);
        } finally {
            mip.delete();
        }
    }

    /**
     * The shortfall's row: in packs when its pairs share a pack size; otherwise one integer variable per pack size,
     * the packs of that size it receives, and {@code sum(size * y) <= shortfall}.
     */
    private static Mixed needRows(MPSolver mip, TransferModel model, List<Integer> arcIndices, MPVariable[] x, int need,
                                  List<Integer> members) {
        long quantity = model.needs.get(need).shortfall().quantity();
        Map<Integer, List<Integer>> bySize = new LinkedHashMap<>();
        members.forEach(m -> bySize.computeIfAbsent(model.arcs.get(arcIndices.get(m)).packSize(), k -> new ArrayList<>())
                .add(m));
        if (bySize.size() == 1) {
            packRow(mip, model, arcIndices, x, members, quantity);
            return null;
        }
        List<Integer> sizes = new ArrayList<>();
        List<MPVariable> ys = new ArrayList<>();
        MPConstraint knapsack = mip.makeConstraint(Double.NEGATIVE_INFINITY, quantity, "");
        bySize.forEach((size, sized) -> {
            long most = 0;
            for (int m : sized) {
                most += model.arcs.get(arcIndices.get(m)).maxPacks();
            }
            MPVariable y = mip.makeIntVar(0, Math.min(most, quantity / size), "");
            MPConstraint split = mip.makeConstraint(0, 0, "");
            for (int m : sized) {
                split.setCoefficient(x[m], 1);
            }
            split.setCoefficient(y, -1);
            knapsack.setCoefficient(y, size);
            sizes.add(size);
            ys.add(y);
        });
        return new Mixed(need, sizes, ys);
    }

    /** {@code sum(x) <= floor(limit / pack)} over members sharing one pack size, unless their bounds already keep it. */
    private static void packRow(MPSolver mip, TransferModel model, List<Integer> arcIndices, MPVariable[] x,
                                List<Integer> members, long limit) {
        int pack = model.arcs.get(arcIndices.get(members.get(0))).packSize();
        long most = 0;
        for (int m : members) {
            most += model.arcs.get(arcIndices.get(m)).maxPacks();
        }
        long packsAllowed = limit / pack;
        if (most <= packsAllowed) {
            return;
        }
        MPConstraint row = mip.makeConstraint(Double.NEGATIVE_INFINITY, packsAllowed, "");
        for (int m : members) {
            row.setCoefficient(x[m], 1);
        }
    }

    /** The whole-pack allocation for the pack counts of SCIP's answer: the network they leave, solved by GLOP. */
    private static long[] wholePacks(TransferModel model, List<Integer> arcIndices, List<Mixed> mixed, long deadline) {
        Map<Integer, Map<Integer, Long>> caps = new LinkedHashMap<>();
        for (Mixed m : mixed) {
            Map<Integer, Long> bySize = new LinkedHashMap<>();
            long units = 0;
            for (int k = 0; k < m.sizes().size(); k++) {
                long count = Math.max(0, Math.round(m.y().get(k).solutionValue()));
                bySize.put(m.sizes().get(k), count);
                units += count * m.sizes().get(k);
            }
            if (units > model.needs.get(m.need()).shortfall().quantity()) {
                return null;
            }
            caps.put(m.need(), bySize);
        }
        return LpFaceParts.relax(model, arcIndices, deadline, caps);
    }

    private static void hint(MPSolver mip, TransferModel model, List<Integer> arcIndices, MPVariable[] x,
                             List<Mixed> mixed, long[] best) {
        int count = x.length;
        for (Mixed m : mixed) {
            count += m.y().size();
        }
        MPVariable[] variables = new MPVariable[count];
        double[] values = new double[count];
        for (int i = 0; i < x.length; i++) {
            variables[i] = x[i];
            values[i] = best[i];
        }
        Map<Integer, Map<Integer, Long>> received = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(i));
            received.computeIfAbsent(arc.need(), k -> new LinkedHashMap<>()).merge(arc.packSize(), best[i], Long::sum);
        }
        int k = x.length;
        for (Mixed m : mixed) {
            for (int s = 0; s < m.sizes().size(); s++) {
                variables[k] = m.y().get(s);
                values[k] = received.getOrDefault(m.need(), Map.of()).getOrDefault(m.sizes().get(s), 0L);
                k++;
            }
        }
        mip.setHint(variables, values);
    }

    /** Whether {@code a} is worse than {@code b} on the given stage (both keep the earlier stages). */
    private static boolean worse(long[] a, long[] b, long[][] coefficients, int stage) {
        long va = CpSatParts.dot(coefficients[stage], a);
        long vb = CpSatParts.dot(coefficients[stage], b);
        return stage == 0 ? va < vb : va > vb;
    }

    private static boolean keepsEarlierStages(long[] values, long[][] coefficients, long[] optimum, int stage) {
        for (int s = 0; s < stage; s++) {
            if (CpSatParts.dot(coefficients[s], values) != optimum[s]) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(TransferModel model, List<Integer> arcIndices, long[] values) {
        Map<Integer, Long> need = new LinkedHashMap<>();
        Map<Integer, Long> lot = new LinkedHashMap<>();
        Map<Integer, Long> donor = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(i));
            if (values[i] < 0 || values[i] > arc.maxPacks()) {
                return false;
            }
            long units = values[i] * arc.packSize();
            need.merge(arc.need(), units, Long::sum);
            lot.merge(arc.lot(), units, Long::sum);
            donor.merge(arc.donor(), units, Long::sum);
        }
        return need.entrySet().stream().allMatch(e -> e.getValue() <= model.needs.get(e.getKey()).shortfall().quantity())
                && lot.entrySet().stream().allMatch(e -> e.getValue() <= model.lots.get(e.getKey()).lot().available())
                && donor.entrySet().stream().allMatch(e -> e.getValue() <= model.donors.get(e.getKey()).surplus());
    }

    /** Keeps a stage's optimum exactly: the row divided by the gcd of its coefficients, so its numbers stay small. */
    private static void keep(MPSolver mip, MPVariable[] x, long[] coefficients, long value, boolean maximised) {
        long gcd = 0;
        for (long c : coefficients) {
            gcd = BigInteger.valueOf(gcd).gcd(BigInteger.valueOf(c)).longValue();
        }
        if (gcd == 0) {
            return;
        }
        long target = value / gcd;
        MPConstraint row = maximised ? mip.makeConstraint(target, Double.POSITIVE_INFINITY, "")
                : mip.makeConstraint(Double.NEGATIVE_INFINITY, target, "");
        for (int i = 0; i < x.length; i++) {
            if (coefficients[i] != 0) {
                row.setCoefficient(x[i], coefficients[i] / gcd);
            }
        }
    }
}
