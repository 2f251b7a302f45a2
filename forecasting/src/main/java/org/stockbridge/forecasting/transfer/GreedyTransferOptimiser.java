package org.stockbridge.forecasting.transfer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The baseline the exact optimiser must beat: shortfalls in order of criticality (then size), each filled from its
 * nearest eligible donor first (then cheapest, then earliest-expiring lot) until the shortfall or the donors run out.
 * It obeys every rule (it allocates only on the pairs the rules allow) but proves nothing: its bound is the whole
 * criticality-weighted shortfall it could reach.
 */
public final class GreedyTransferOptimiser implements TransferOptimiser {

    @Override
    public TransferPlan solve(TransferProblem problem) {
        long started = System.nanoTime();
        TransferModel model = TransferModel.of(problem);
        long[] packs = new long[model.arcs.size()];
        long[] needLeft = new long[model.needs.size()];
        long[] lotLeft = new long[model.lots.size()];
        long[] donorLeft = new long[model.donors.size()];
        model.needs.forEach(n -> needLeft[n.index()] = n.shortfall().quantity());
        model.lots.forEach(l -> lotLeft[l.index()] = l.lot().available());
        model.donors.forEach(d -> donorLeft[d.index()] = d.surplus());
        List<TransferModel.Need> order = new ArrayList<>(model.needs);
        order.sort(Comparator.comparingLong(TransferModel.Need::weight).reversed()
                .thenComparing(Comparator.comparingLong((TransferModel.Need n) -> n.shortfall().quantity()).reversed()));
        long bound = 0;
        for (TransferModel.Need need : order) {
            List<TransferModel.Arc> arcs = new ArrayList<>();
            long reachable = 0;
            for (int a : model.arcsOfNeed.get(need.index())) {
                TransferModel.Arc arc = model.arcs.get(a);
                arcs.add(arc);
                reachable += arc.maxPacks() * arc.packSize();
            }
            bound += Math.min(reachable, need.shortfall().quantity()) * need.weight();
            arcs.sort(Comparator.comparingInt((TransferModel.Arc a) -> a.route().transitDays())
                    .thenComparingDouble(a -> a.route().costPerUnit())
                    .thenComparingLong(a -> model.lots.get(a.lot()).daysToExpiry()));
            for (TransferModel.Arc arc : arcs) {
                long units = Math.min(Math.min(needLeft[need.index()], lotLeft[arc.lot()]),
                        Math.min(donorLeft[arc.donor()], arc.maxPacks() * arc.packSize()));
                long x = units / arc.packSize();
                if (x > 0) {
                    long moved = x * arc.packSize();
                    packs[arc.index()] = x;
                    needLeft[need.index()] -= moved;
                    lotLeft[arc.lot()] -= moved;
                    donorLeft[arc.donor()] -= moved;
                }
            }
        }
        model.requireFeasible(packs);
        long covered = model.objectives(packs)[0];
        long millis = (System.nanoTime() - started) / 1_000_000;
        return PlanWriter.write(model, packs, SolveStatus.FEASIBLE, covered, Math.max(bound, covered), millis,
                "greedy nearest donor");
    }
}
