package org.stockbridge.forecasting.transfer;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part solved as an integer program by OR-Tools CP-SAT, in exact integer arithmetic: the four objectives in turn,
 * each stage fixing the optimum of the one before and starting from the previous stage's solution.
 */
final class CpSatParts {

    private CpSatParts() {
    }

    static Parts.Result solve(TransferModel model, List<Integer> arcIndices, long deadline, long[] packs) {
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
        byLot.forEach((lot, members) -> capacity(cp, model, arcIndices, x, members,
                model.lots.get(lot).lot().available()));
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
        return new Parts.Result(Math.max(bound, dot(coefficients[0], best)), optimal, !solvedOnce, Parts.Method.CP_SAT);
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

    static long dot(long[] a, long[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

}
