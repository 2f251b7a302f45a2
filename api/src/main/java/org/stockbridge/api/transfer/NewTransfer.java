package org.stockbridge.api.transfer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A transfer to store in state RECOMMENDED.
 *
 * @param explanationJson the explanation as a JSON object
 */
record NewTransfer(long fromSiteId, long toSiteId, long productId, long lotId, long quantity, int packs, int packSize,
                   boolean crossBorder, List<String> approvalsRequired, List<String> crossings, Integer transitDays,
                   BigDecimal cost, LocalDate dispatchOn, LocalDate arrivesOn, String explanationJson) {

    NewTransfer {
        approvalsRequired = List.copyOf(approvalsRequired);
        crossings = List.copyOf(crossings);
        Objects.requireNonNull(explanationJson, "explanationJson must not be null");
        if (quantity != (long) packs * packSize) {
            throw new IllegalArgumentException("quantity must be packs x packSize, was " + quantity + " for " + packs
                    + " x " + packSize);
        }
    }
}
