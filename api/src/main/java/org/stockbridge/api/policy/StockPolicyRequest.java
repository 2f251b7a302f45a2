package org.stockbridge.api.policy;

/**
 * A stock policy as a client writes it, in units of issue.
 *
 * @param safetyStock  stock kept against demand and supply variability
 * @param reorderPoint the level at which replenishment is due; at least the safety stock
 * @param maxStock     the order-up-to level, optional; at least the reorder point
 * @param reserveFloor what may never be transferred away from the site
 */
public record StockPolicyRequest(Long safetyStock, Long reorderPoint, Long maxStock, Long reserveFloor) {
}
