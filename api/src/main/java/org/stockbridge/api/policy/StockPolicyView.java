package org.stockbridge.api.policy;

import java.time.OffsetDateTime;

/** A stock policy of one (site, product) with its version, which is also its ETag. */
public record StockPolicyView(String site, String product, long safetyStock, long reorderPoint, Long maxStock,
                              long reserveFloor, long version, OffsetDateTime updatedAt, String updatedBy) {
}
