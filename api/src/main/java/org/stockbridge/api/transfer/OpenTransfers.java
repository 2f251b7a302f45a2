package org.stockbridge.api.transfer;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * What open transfers already do, the one rule by which recommendations count them. A transfer is open until it is
 * received or cancelled.
 *
 * <ul>
 *   <li>Until it is dispatched ({@link #PROMISING}: RECOMMENDED, APPROVED) its quantity is <em>promised</em> from its
 *       lot at the donor: still on hand there, no longer surplus. Once dispatched it has left the donor's balance.</li>
 *   <li>Until it is received ({@link #COMING}: RECOMMENDED, APPROVED, DISPATCHED, the dispatched quantity once
 *       dispatched) it is <em>coming</em> to the receiver: it reduces the receiver's shortfall of the product's
 *       equivalence group (or the product itself when it has none) when it arrives by the day the shortfall is
 *       needed by (the projected stockout; an unknown arrival counts as in time): a transfer arriving after the
 *       stockout covers none of it. Until dispatched, no more of it is coming than its donor lot can still ship:
 *       the lot's usable balance at the donor, shared among the lot's open transfers in the order they were made.</li>
 *   <li>A RECOMMENDED transfer whose dispatch day is before the as-of day was never approved in time: it is
 *       <em>stale</em>, neither promised nor coming.</li>
 * </ul>
 */
final class OpenTransfers {

    /** The states in which a transfer's quantity is promised from its lot at the donor. */
    static final Set<TransferState> PROMISING = EnumSet.of(TransferState.RECOMMENDED, TransferState.APPROVED);
    /** The states in which a transfer's quantity is on its way to the receiver. */
    static final Set<TransferState> COMING = EnumSet.of(TransferState.RECOMMENDED, TransferState.APPROVED,
            TransferState.DISPATCHED);
    /** The states {@link RecommendationData} reads. */
    static final Set<TransferState> OPEN = COMING;

    /** One open transfer; {@code dispatchedQuantity} once dispatched; {@code crossings} the border crossings. */
    record Open(long fromSiteId, long toSiteId, long productId, long lotId, TransferState state, long quantity,
                Long dispatchedQuantity, LocalDate dispatchOn, LocalDate arrivesOn, List<String> crossings) {

        Open {
            crossings = crossings == null ? List.of() : List.copyOf(crossings);
        }

        /** A RECOMMENDED transfer that should have left before {@code asOf}. */
        boolean staleOn(LocalDate asOf) {
            return state == TransferState.RECOMMENDED && dispatchOn != null && dispatchOn.isBefore(asOf);
        }
    }

    /** What of a lot at a site is usable and on hand (0 when none). */
    @FunctionalInterface
    interface Usable {
        long units(long siteId, long lotId);
    }

    private final Map<String, Long> promised = new HashMap<>();
    /** What is coming by site and group: units by arrival day, in arrival order (an unknown day first). */
    private final Map<String, TreeMap<LocalDate, Long>> coming = new HashMap<>();

    /**
     * @param open     the open transfers, in the order they were made
     * @param groupOf  the key of a product's equivalence group ({@link #groupKey})
     * @param asOf     the day of the recommendation: a RECOMMENDED transfer due to leave before it is stale
     * @param arriveBy the last day of the horizon: a transfer arriving later covers none of its shortfall
     * @param usable   what of a donor lot is usable and on hand, the most its transfers not yet dispatched bring
     */
    OpenTransfers(List<Open> open, LongFunction<String> groupOf, LocalDate asOf, LocalDate arriveBy, Usable usable) {
        Map<String, Long> shippable = new HashMap<>();
        for (Open t : open) {
            if (t.staleOn(asOf)) {
                continue;
            }
            String lot = t.fromSiteId() + "/" + t.lotId();
            if (PROMISING.contains(t.state())) {
                promised.merge(lot, t.quantity(), Long::sum);
            }
            if (!COMING.contains(t.state())) {
                continue;
            }
            long units;
            if (t.state() == TransferState.DISPATCHED) {
                units = t.dispatchedQuantity() != null ? t.dispatchedQuantity() : t.quantity();
            } else {
                long left = shippable.computeIfAbsent(lot, k -> Math.max(0, usable.units(t.fromSiteId(), t.lotId())));
                units = Math.min(t.quantity(), left);
                shippable.put(lot, left - units);
            }
            if (units > 0 && (t.arrivesOn() == null || !t.arrivesOn().isAfter(arriveBy))) {
                coming.computeIfAbsent(t.toSiteId() + "/" + groupOf.apply(t.productId()),
                        k -> new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder())))
                        .merge(t.arrivesOn(), units, Long::sum);
            }
        }
    }

    /**
     * The open transfers a what-if scenario leaves: one not yet dispatched that leaves or reaches a closed site, ships
     * a recalled product or lot, or crosses a closed crossing will not happen under it, so it is neither promised nor
     * coming. Dispatched transfers are on their way and stay.
     *
     * @param siteCode    a site's code by id
     * @param productCode a product's code by id
     * @param lotNumber   a lot's number by id (null when unknown)
     */
    static List<Open> under(TransferRecommender.Scenario scenario, List<Open> open, LongFunction<String> siteCode,
                            LongFunction<String> productCode, LongFunction<String> lotNumber) {
        return open.stream().filter(t -> t.state() == TransferState.DISPATCHED || !(
                scenario.closedSites().contains(siteCode.apply(t.fromSiteId()))
                || scenario.closedSites().contains(siteCode.apply(t.toSiteId()))
                || scenario.recalledProducts().contains(productCode.apply(t.productId()))
                || scenario.recalledLots().contains(productCode.apply(t.productId()) + "/"
                        + lotNumber.apply(t.lotId()))
                || t.crossings().stream().anyMatch(scenario.closedCrossings()::contains))).toList();
    }

    /** The key under which products stand for one another: the equivalence group, else the product alone. */
    static String groupKey(long productId, Long groupId) {
        return groupId != null ? "G" + groupId : "P" + productId;
    }

    /** Units of the lot at the site that open transfers have promised and not yet shipped. */
    long promised(long siteId, long lotId) {
        return promised.getOrDefault(siteId + "/" + lotId, 0L);
    }

    /**
     * Takes from what open transfers bring to the site of the group in time for a shortfall needed by
     * {@code neededBy} (arriving on or before it, or on an unknown day) as much as covers {@code shortfall}, earliest
     * arrivals first, and answers how much that is; a transfer arriving later covers none of it, and what one
     * shortfall took does not cover another of the same group at the site.
     */
    long take(long siteId, String groupKey, long shortfall, LocalDate neededBy) {
        TreeMap<LocalDate, Long> byArrival = coming.get(siteId + "/" + groupKey);
        long taken = 0;
        if (byArrival == null) {
            return 0;
        }
        for (Map.Entry<LocalDate, Long> arriving : byArrival.entrySet()) {
            if (taken >= shortfall || (arriving.getKey() != null && arriving.getKey().isAfter(neededBy))) {
                break;
            }
            long units = Math.min(arriving.getValue(), shortfall - taken);
            arriving.setValue(arriving.getValue() - units);
            taken += units;
        }
        return taken;
    }
}
