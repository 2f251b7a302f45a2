package org.stockbridge.forecasting.transfer;

/** How far the solver got: proven optimal, a feasible plan without proof, no plan, or stopped by its time limit. */
public enum SolveStatus { OPTIMAL, FEASIBLE, INFEASIBLE, TIMED_OUT }
