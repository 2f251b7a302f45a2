package org.stockbridge.api.stock;

/**
 * A (site, product) whose usable stock is below the reorder point of its stock policy.
 *
 * @param shortfall units needed to reach the reorder point again
 * @param level     {@code BELOW_SAFETY_STOCK} when usable stock is also below the safety stock, else
 *                  {@code BELOW_REORDER_POINT}
 */
record BelowPolicy(String site, String siteName, String jurisdiction, String product, String productName,
                   String unitOfIssue, long safetyStock, long reorderPoint, Long maxStock, long onHand, long usableOnHand,
                   long shortfall, Level level) {

    enum Level { BELOW_SAFETY_STOCK, BELOW_REORDER_POINT }
}
