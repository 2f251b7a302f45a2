package org.stockbridge.domain.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the lots an issue without a lot number consumes: first-expiry-first-out among the lots that may be issued
 * (released, not expired at the site on the day), ties broken by lot id so the choice is repeatable.
 */
public final class FefoAllocator {

    private FefoAllocator() {
    }

    /**
     * @return the allocation, or an {@link Allocation} whose {@code shortfall} is positive when the issuable stock does
     *     not cover {@code quantity} (nothing should then be written)
     */
    public static Allocation allocate(List<LotStock> lots, SiteContext site, LocalDate day, long quantity) {
        Objects.requireNonNull(lots, "lots must not be null");
        Objects.requireNonNull(site, "site must not be null");
        Objects.requireNonNull(day, "day must not be null");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
        List<LotStock> candidates = lots.stream()
                .filter(l -> l.onHand() > 0 && l.issuable(site, day))
                .sorted(Comparator.comparing((LotStock l) -> l.effectiveExpiry(site)).thenComparingLong(LotStock::lotId))
                .toList();
        List<Allocation.Line> lines = new ArrayList<>();
        long remaining = quantity;
        for (LotStock lot : candidates) {
            if (remaining == 0) {
                break;
            }
            long take = Math.min(remaining, lot.onHand());
            lines.add(new Allocation.Line(lot, take));
            remaining -= take;
        }
        long issuable = candidates.stream().mapToLong(LotStock::onHand).sum();
        return new Allocation(remaining == 0 ? List.copyOf(lines) : List.of(), remaining, issuable);
    }

    /**
     * @param lines     what to take from which lot, in FEFO order (empty when short)
     * @param shortfall how much of the request the issuable stock cannot cover
     * @param issuable  the total issuable on hand
     */
    public record Allocation(List<Line> lines, long shortfall, long issuable) {

        public boolean covered() {
            return shortfall == 0;
        }

        public record Line(LotStock lot, long quantity) {
        }
    }
}
