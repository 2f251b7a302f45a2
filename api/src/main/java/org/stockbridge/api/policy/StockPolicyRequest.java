package org.stockbridge.api.policy;

import io.swagger.v3.oas.annotations.media.Schema;
/**
 * A stock policy as a client writes it, in units of issue.
 *
 * @param safetyStock  stock kept against demand and supply variability
 * @param reorderPoint the level at which replenishment is due; at least the safety stock
 * @param maxStock     the order-up-to level, optional; at least the reorder point
 * @param reserveFloor what may never be transferred away from the site
 */
public record StockPolicyRequest(@Schema(example = "921") Long safetyStock,
                                 @Schema(example = "1500") Long reorderPoint,
                                 @Schema(example = "4000") Long maxStock,
                                 @Schema(example = "1381") Long reserveFloor) {
}
