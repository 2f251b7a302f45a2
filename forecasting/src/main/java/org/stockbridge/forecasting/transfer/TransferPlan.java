package org.stockbridge.forecasting.transfer;

import java.util.List;
import java.util.Objects;

/**
 * The recommended transfers and what happens to each shortfall.
 *
 * @param objective the criticality-weighted units covered (the first objective)
 * @param bestBound the best bound on it the solver proved
 * @param gap relative gap between the two, 0 when proven optimal
 */
public record TransferPlan(SolveStatus status, double objective, double bestBound, double gap, long solveMillis,
                           String solver, List<RecommendedTransfer> transfers, List<ShortfallOutcome> outcomes) {

    public TransferPlan {
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(solver, "solver must not be null");
        transfers = List.copyOf(Objects.requireNonNull(transfers, "transfers must not be null"));
        outcomes = List.copyOf(Objects.requireNonNull(outcomes, "outcomes must not be null"));
    }
}
