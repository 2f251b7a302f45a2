package org.stockbridge.forecasting.transfer;

/** Chooses the transfers that close shortfalls from donors' surplus within the rules. */
public interface TransferOptimiser {

    TransferPlan solve(TransferProblem problem);
}
