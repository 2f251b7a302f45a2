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
 * fractional vertices (products of one group in different pack sizes). The four objectives are solved in turn, each
 * stage keeping the previous stages' optima by a row; SCIP works in floating point, so every stage's answer is checked
 * in exact integer arithmetic against those optima, and a stage whose answer slips is dropped (the part then counts as
 * not proven on the later objectives).
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
                x[i] = mip.makeIntVar(0, arc.maxPacks(), "");
                long pack = arc.packSize();
                coefficients[0][i] = model.needs.get(arc.need()).weight() * pack;
                coefficients[1][i] = (long) arc.route().transitDays() * pack;
                coefficients[2][i] = arc.costPerPackScaled();
                coefficients[3][i] = model.lots.get(arc.lot()).daysToExpiry() * pack;
                byNeed.computeIfAbsent(arc.need(), k -> new ArrayList<>()).add(i);
                byLot.computeIfAbsent(arc.lot(), k -> new ArrayList<>()).add(i);
                byDonor.computeIfAbsent(arc.donor(), k -> new ArrayList<>()).add(i);
            }
            byNeed.forEach((need, members) -> row(mip, model, arcIndices, x, members,
                    model.needs.get(need).shortfall().quantity()));
            byLot.forEach((lot, members) -> row(mip, model, arcIndices, x, members, model.lots.get(lot).lot().onHand()));
            byDonor.forEach((donor, members) -> row(mip, model, arcIndices, x, members, model.donors.get(donor).surplus()));

            MPSolverParameters parameters = new MPSolverParameters();
            parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0);
            mip.setSolverSpecificParametersAsString("numerics/feastol = 1e-9\nlimits/absgap = 0\nparallel/maxnthreads = 1\n");
            long[] best = null;
            long[] optimumKept = new long[4];
            if (fromStage > 0) {
                best = new long[n];
                for (int i = 0; i < n; i++) {
                    best[i] = packs[arcIndices.get(i)];
                }
                for (int stage = 0; stage < fromStage; stage++) {
                    optimumKept[stage] = CpSatParts.dot(coefficients[stage], best);
                    keep(mip, x, coefficients[stage], optimumKept[stage], stage == 0);
                }
            }
            long[] optimum = optimumKept;
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
                    double[] hint = new double[n];
                    for (int i = 0; i < n; i++) {
                        hint[i] = best[i];
                    }
                    mip.setHint(x, hint);
                }
                MPSolver.ResultStatus status = mip.solve(parameters);
                if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
                    optimal = false;
                    break;
                }
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = Math.max(0, Math.min(Math.round(x[i].solutionValue()),
                            model.arcs.get(arcIndices.get(i)).maxPacks()));
                }
                if (!keepsEarlierStages(values, coefficients, optimum, stage) || !fits(model, arcIndices, values)) {
                    optimal = false;
                    break;
                }
                best = values;
                optimum[stage] = CpSatParts.dot(coefficients[stage], values);
                if (stage == 0) {
                    bound = (long) Math.floor(objective.bestBound() + 1e-6);
                }
                if (status != MPSolver.ResultStatus.OPTIMAL) {
                    optimal = false;
                    break;
                }
                keep(mip, x, coefficients[stage], optimum[stage], stage == 0);
            }
            if (best == null) {
                return new Parts.Result(upperBound(model, arcIndices), false, true, Parts.Method.MIP);
            }
            for (int i = 0; i < n; i++) {
                packs[arcIndices.get(i)] = best[i];
            }
            return new Parts.Result(Math.max(bound, optimum[0]), optimal, false, Parts.Method.MIP);
        } finally {
            mip.delete();
        }
    }

    private static long upperBound(TransferModel model, List<Integer> arcIndices) {
        long sum = 0;
        for (int a : arcIndices) {
            TransferModel.Arc arc = model.arcs.get(a);
            sum += arc.maxPacks() * arc.packSize() * model.needs.get(arc.need()).weight();
        }
        return sum;
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
            long units = values[i] * arc.packSize();
            need.merge(arc.need(), units, Long::sum);
            lot.merge(arc.lot(), units, Long::sum);
            donor.merge(arc.donor(), units, Long::sum);
        }
        return need.entrySet().stream().allMatch(e -> e.getValue() <= model.needs.get(e.getKey()).shortfall().quantity())
                && lot.entrySet().stream().allMatch(e -> e.getValue() <= model.lots.get(e.getKey()).lot().onHand())
                && donor.entrySet().stream().allMatch(e -> e.getValue() <= model.donors.get(e.getKey()).surplus());
    }

    /** Keeps a stage's optimum: the row divided by the gcd of its coefficients, so its numbers stay small. */
    private static void keep(MPSolver mip, MPVariable[] x, long[] coefficients, long value, boolean maximised) {
        long gcd = 0;
        for (long c : coefficients) {
            gcd = BigInteger.valueOf(gcd).gcd(BigInteger.valueOf(c)).longValue();
        }
        if (gcd == 0) {
            return;
        }
        long target = value / gcd;
        MPConstraint row = maximised ? mip.makeConstraint(target - 0.5, Double.POSITIVE_INFINITY, "")
                : mip.makeConstraint(Double.NEGATIVE_INFINITY, target + 0.5, "");
        for (int i = 0; i < x.length; i++) {
            if (coefficients[i] != 0) {
                row.setCoefficient(x[i], coefficients[i] / gcd);
            }
        }
    }

    private static void row(MPSolver mip, TransferModel model, List<Integer> arcIndices, MPVariable[] x,
                            List<Integer> members, long limit) {
        long most = 0;
        for (int m : members) {
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(m));
            most += arc.maxPacks() * arc.packSize();
        }
        if (most <= limit) {
            return;
        }
        MPConstraint row = mip.makeConstraint(Double.NEGATIVE_INFINITY, limit, "");
        for (int m : members) {
            row.setCoefficient(x[m], model.arcs.get(arcIndices.get(m)).packSize());
        }
    }
}
