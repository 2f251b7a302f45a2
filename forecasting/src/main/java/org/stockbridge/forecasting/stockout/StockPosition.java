package org.stockbridge.forecasting.stockout;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a (site, product) holds and expects on {@code asOf} (the end of that day).
 *
 * @param replenishment the policy it reorders by; {@code null} when it has none (then only {@code inbound} arrives)
 */
public record StockPosition(String site, String product, LocalDate asOf, List<UsableLot> lots,
                            List<Inbound> inbound, Replenishment replenishment) {

    /** A position without a reorder policy. */
    public StockPosition(String site, String product, LocalDate asOf, List<UsableLot> lots, List<Inbound> inbound) {
        this(site, product, asOf, lots, inbound, null);
    }

    public StockPosition {
        Objects.requireNonNull(site, "site must not be null");
        Objects.requireNonNull(product, "product must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        lots = List.copyOf(lots);
        inbound = List.copyOf(inbound);
    }

    public long usable() {
        return lots.stream().mapToLong(UsableLot::quantity).sum();
    }
}
