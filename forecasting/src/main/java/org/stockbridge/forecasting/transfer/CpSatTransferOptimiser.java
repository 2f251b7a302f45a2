package org.stockbridge.forecasting.transfer;

import java.time.Duration;

/**
 * The transfer optimiser as one integer program per independent part, solved by OR-Tools CP-SAT in integer
 * arithmetic: whole packs per (lot, shortfall) pair, the lexicographic objective stage by stage, each stage fixing the
 * optimum of the one before: (1) criticality-weighted units covered, (2) unit-days in transit, (3) cost, (4) days to
 * expiry of the lots shipped (first expiry first out). Exact but slower on large parts than
 * {@link ExactTransferOptimiser}, which reaches the same optima through linear programming where it can.
 */
public final class CpSatTransferOptimiser implements TransferOptimiser {

    private final SolveLimits limits;

    /** Thirty seconds for a whole problem, on as many threads as the machine has cores (at most four). */
    public CpSatTransferOptimiser() {
        this.limits = SolveLimits.defaults();
    }

    public CpSatTransferOptimiser(Duration timeLimit, int threads) {
        this.limits = new SolveLimits(timeLimit, threads);
    }

    @Override
    public TransferPlan solve(TransferProblem problem) {
        String version = OrToolsNatives.load();
        return Parts.solve(problem, limits.timeLimit(), limits.threads(), "OR-Tools CP-SAT " + version,
                CpSatParts::solve);
    }
}
