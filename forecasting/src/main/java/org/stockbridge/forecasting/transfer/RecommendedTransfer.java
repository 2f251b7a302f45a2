package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** One lot to move: whole packs from a donor to a site running short, with why. */
public record RecommendedTransfer(long fromSiteId, long toSiteId, long productId, long lotId, String lotNumber,
                                  long quantity, int packs, int packSize, LocalDate dispatchOn, LocalDate arrivesOn,
                                  int transitDays, double cost, boolean crossBorder, List<String> crossings,
                                  Explanation explanation) {

    public RecommendedTransfer {
        crossings = List.copyOf(Objects.requireNonNull(crossings, "crossings must not be null"));
    }
}
