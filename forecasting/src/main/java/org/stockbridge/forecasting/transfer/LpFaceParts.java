package org.stockbridge.forecasting.transfer;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part solved through its linear programming relaxation with OR-Tools GLOP (simplex), stage by stage.
 *
 * <p>Each stage's optimum is a vertex. When that vertex is integral it is also the integer optimum of the stage (the
 * relaxation bounds the integer problem and the vertex attains the bound). The next stage then optimises over the
 * stage's optimal face, described exactly by complementary slackness with the stage's dual solution: variables with a
 * non-zero reduced cost stay at their bound, rows with a non-zero dual stay tight. When all the part's products share
 * one pack size the rows, counted in packs, form a network matrix (each pair in one shortfall row, one lot row and one
 * donor row, lots nested in donors), which is totally unimodular, so every vertex is integral. When pack sizes differ a
 * vertex may be fractional; the part is then handed back, to be solved as an integer program.
 */
final class LpFaceParts {

    private static final double INTEGRAL = 1e-6;

    private LpFaceParts() {
    }

    static Parts.Result solve(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs) {
        long[] solution = relax(model, arcIndices, deadline);
        if (solution == null) {
            return null;
        }
        for (int i = 0; i < solution.length; i++) {
            packs[arcIndices.get(i)] = solution[i];
        }
        long covered = 0;
        for (int i = 0; i < solution.length; i++) {
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(i));
            covered += solution[i] * arc.packSize() * model.needs.get(arc.need()).weight();
        }
        return new Parts.Result(covered, true, false, Parts.Method.LP_VERTEX);
    }

    private static long[] relax(TransferModel model, List<Integer> arcIndices, long deadline) {
        return relax(model, arcIndices, deadline, Map.of());
    }

    /**
     * The lexicographic optimum in packs per pair, or {@code null} when a stage's vertex is not integral or time ran out.
     * A shortfall named in {@code packCaps} gets one row per pack size instead of its own, each capping the packs of that
     * size it receives (pack size to packs): with every shortfall's pairs so split by pack size the rows again form a
     * network matrix, and every vertex is integral.
     */
    static long[] relax(TransferModel model, List<Integer> arcIndices, long deadline,
                        Map<Integer, Map<Integer, Long>> packCaps) {
        MPSolver lp = MPSolver.createSolver("GLOP");
        if (lp == null) {
            return null;
        }
        // No presolve: the stages change only the objective and some bounds, so the simplex restarts from the last
        // stage's optimal basis (still feasible on the new face) instead of a presolved problem built afresh.
        try {
            if (!lp.setSolverSpecificParametersAsString("use_preprocessing: false")) {
                throw new IllegalStateException("GLOP refused its parameters");
            }
            int n = arcIndices.size();
            MPVariable[] x = new MPVariable[n];
            double[][] coefficients = new double[4][n];
            Map<Integer, List<Integer>> byNeed = new LinkedHashMap<>();
            Map<Integer, List<Integer>> byLot = new LinkedHashMap<>();
            Map<Integer, List<Integer>> byDonor = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                TransferModel.Arc arc = model.arcs.get(arcIndices.get(i));
                x[i] = lp.makeNumVar(0, arc.maxPacks(), "");
                long pack = arc.packSize();
                coefficients[0][i] = model.needs.get(arc.need()).weight() * pack;
                coefficients[1][i] = (double) arc.route().transitDays() * pack;
                coefficients[2][i] = arc.costPerPackScaled();
                coefficients[3][i] = model.lots.get(arc.lot()).daysToExpiry() * pack;
                byNeed.computeIfAbsent(arc.need(), k -> new ArrayList<>()).add(i);
                byLot.computeIfAbsent(arc.lot(), k -> new ArrayList<>()).add(i);
                byDonor.computeIfAbsent(arc.donor(), k -> new ArrayList<>()).add(i);
            }
            List<MPConstraint> rows = new ArrayList<>();
            List<int[]> rowMembers = new ArrayList<>();
            List<long[]> rowWeights = new ArrayList<>();
            byNeed.forEach((need, members) -> {
                Map<Integer, Long> caps = packCaps.get(need);
                if (caps == null) {
                    row(lp, model, arcIndices, x, members, model.needs.get(need).shortfall().quantity(), rows,
                            rowMembers, rowWeights);
                    return;
                }
                Map<Integer, List<Integer>> bySize = new LinkedHashMap<>();
                members.forEach(m -> bySize.computeIfAbsent(model.arcs.get(arcIndices.get(m)).packSize(),
                        k -> new ArrayList<>()).add(m));
                bySize.forEach((size, sized) -> row(lp, model, arcIndices, x, sized, caps.getOrDefault(size, 0L) * size,
                        rows, rowMembers, rowWeights));
            });
            byLot.forEach((lot, members) -> row(lp, model, arcIndices, x, members,
                    model.lots.get(lot).lot().available(), rows, rowMembers, rowWeights));
            byDonor.forEach((donor, members) -> row(lp, model, arcIndices, x, members,
                    model.donors.get(donor).surplus(), rows, rowMembers, rowWeights));

            long[] values = new long[n];
            long[] optimum = new long[4];
            long[] exact = new long[n];
            MPObjective objective = lp.objective();
            for (int stage = 0; stage < 4; stage++) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000;
                if (remaining <= 1) {
                    return null;
                }
                lp.setTimeLimit(remaining);
                objective.clear();
                double largest = 0;
                for (int i = 0; i < n; i++) {
                    objective.setCoefficient(x[i], coefficients[stage][i]);
                    largest = Math.max(largest, Math.abs(coefficients[stage][i]));
                }
                objective.setOptimizationDirection(stage == 0);
                if (lp.solve() != MPSolver.ResultStatus.OPTIMAL) {
                    return null;
                }
                boolean integral = true;
                for (int i = 0; i < n; i++) {
                    double v = x[i].solutionValue();
                    long r = Math.round(v);
                    integral &= Math.abs(v - r) <= INTEGRAL;
                    values[i] = r;
                }
                double[] reduced = new double[n];
                for (int i = 0; i < n; i++) {
                    reduced[i] = x[i].reducedCost();
                }
                double[] duals = new double[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    duals[r] = rows.get(r).dualValue();
                }
                if (!integral) {
                    // A fractional vertex (products of different pack sizes): the part goes to the integer program.
                    return null;
                }
                optimum[stage] = CpSatParts.dot(toLong(coefficients[stage]), values);
                System.arraycopy(values, 0, exact, 0, n);
                if (stage == 3) {
                    break;
                }
                // Restrict to this stage's optimal face: complementary slackness with its dual solution.
                double tolerance = 1e-7 * Math.max(1, largest);
                for (int i = 0; i < n; i++) {
                    if (Math.abs(reduced[i]) > tolerance && (values[i] == Math.round(x[i].lb())
                            || values[i] == Math.round(x[i].ub()))) {
                        x[i].setBounds(values[i], values[i]);
                    }
                }
                for (int r = 0; r < rows.size(); r++) {
                    MPConstraint row = rows.get(r);
                    if (Math.abs(duals[r]) > tolerance
                            && activity(rowMembers.get(r), rowWeights.get(r), values) == Math.round(row.ub())) {
                        row.setLb(row.ub());
                    }
                }
            }
            // Every stage's optimum must still hold, in exact arithmetic, for the final answer.
            for (int stage = 0; stage < 4; stage++) {
                if (CpSatParts.dot(toLong(coefficients[stage]), exact) != optimum[stage]) {
                    return null;
                }
            }
            values = exact;
            return values;
        } finally {
            lp.delete();
        }
    }

    /**
     * Adds {@code sum(pack * x) <= limit} over the members unless their bounds already keep it; counted in packs (the
     * limit rounded down to whole packs) when the members share a pack size, which keeps the matrix a network matrix.
     */
    private static void row(MPSolver lp, TransferModel model, List<Integer> arcIndices, MPVariable[] x,
                            List<Integer> members, long limit, List<MPConstraint> rows, List<int[]> rowMembers,
                            List<long[]> rowWeights) {
        long most = 0;
        int pack = -1;
        boolean uniform = true;
        for (int m : members) {
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(m));
            most += arc.maxPacks() * arc.packSize();
            if (pack == -1) {
                pack = arc.packSize();
            } else if (pack != arc.packSize()) {
                uniform = false;
            }
        }
        if (most <= limit) {
            return;
        }
        MPConstraint row = lp.makeConstraint(Double.NEGATIVE_INFINITY, uniform ? limit / pack : limit, "");
        int[] indices = new int[members.size()];
        long[] weights = new long[members.size()];
        for (int k = 0; k < members.size(); k++) {
            TransferModel.Arc arc = model.arcs.get(arcIndices.get(members.get(k)));
            indices[k] = members.get(k);
            weights[k] = uniform ? 1 : arc.packSize();
            row.setCoefficient(x[indices[k]], weights[k]);
        }
        rows.add(row);
        rowMembers.add(indices);
        rowWeights.add(weights);
    }

    private static long[] toLong(double[] values) {
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Math.round(values[i]);
        }
        return result;
    }

    private static long activity(int[] members, long[] weights, long[] values) {
        long sum = 0;
        for (int k = 0; k < members.length; k++) {
            sum += weights[k] * values[members[k]];
        }
        return sum;
    }
}
