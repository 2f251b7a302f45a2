package org.stockbridge.forecasting.transfer;

import java.time.Duration;

/**
 * The exact transfer optimiser: whole packs per (lot, shortfall) pair the rules allow, within each donor's surplus,
 * each lot's stock and each shortfall, under a lexicographic objective: (1) criticality-weighted units covered,
 * (2) unit-days in transit, (3) cost, (4) days to expiry of the lots shipped (first expiry, first out).
 *
 * <p>The problem splits into independent parts (products move within their equivalence group only). Each part is
 * solved through its linear relaxation with OR-Tools GLOP stage by stage over the previous stage's optimal face, which
 * is exact whenever the vertices are integral (always when a part's products share a pack size); any part whose
 * vertex is fractional is solved as a mixed-integer program by SCIP (through OR-Tools), integer only in the packs of
 * each size a shortfall reachable in two pack sizes receives (see {@link MipParts}), started as soon as GLOP meets the
 * fractional vertex (such parts are scheduled first): its first objective at once, its later objectives once every
 * part's first objective is solved. OR-Tools' native library is loaded on the first solve.
 */
public final class ExactTransferOptimiser implements TransferOptimiser {

    private final SolveLimits limits;

    /** Thirty seconds for a whole problem, on as many threads as the machine has cores (at most four). */
    public ExactTransferOptimiser() {
        this.limits = SolveLimits.defaults();
    }

    public ExactTransferOptimiser(Duration timeLimit, int threads) {
        this.limits = new SolveLimits(timeLimit, threads);
    }

    @Override
    public TransferPlan solve(TransferProblem problem) {
        String version = OrToolsNatives.load();
        return Parts.solve(problem, limits.timeLimit(), limits.threads(), "OR-Tools " + version + " GLOP + SCIP",
                LpFaceParts::solve, MipParts::first, MipParts::rest);
    }
}
