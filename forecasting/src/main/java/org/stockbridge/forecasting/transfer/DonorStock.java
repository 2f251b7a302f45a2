package org.stockbridge.forecasting.transfer;

import java.util.List;
import java.util.Objects;

/**
 * Stock a donor holds of one product, with what it must keep: its surplus is its usable stock less what its lots have
 * already promised in open transfers and less the largest of its safety stock, reserve floor and own projected need
 * over the lead time.
 */
public record DonorStock(long siteId, long productId, Long equivalenceGroupId, int packSize, long safetyStock,
                         long reserveFloor, long projectedNeedOverLeadTime, List<DonorLot> lots) {

    public DonorStock {
        if (packSize < 1) {
            throw new IllegalArgumentException("packSize must be at least 1, was " + packSize);
        }
        lots = List.copyOf(Objects.requireNonNull(lots, "lots must not be null"));
    }

    /** What the donor must keep: the largest of safety stock, reserve floor and its projected need over the lead time. */
    public long mustKeep() {
        return Math.max(0, Math.max(safetyStock, Math.max(reserveFloor, projectedNeedOverLeadTime)));
    }
}
