package org.stockbridge.api.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stockbridge.api.web.Caller;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a caller may learn of a transfer: the one rule every path that hands a transfer out applies (the transfer
 * reads, lists and step answers, the change feed's {@code transfer} changes, the evidence of transfer alerts).
 *
 * <p>A caller that sees both ends (a manager, an official, a partner owning both sites) sees everything. A partner
 * sees that a transfer touching one of its sites exists, and its own end, the product, the quantities, the state, the
 * dates and the approvals; of an end that is not one of its sites it learns nothing: that end's code is null and its
 * name {@value #ANOTHER_SITE} (its jurisdiction stays: the approvals a transfer needs tell it anyway), the lot is
 * withheld unless the origin is the partner's (the lot is the origin's stock), the explanation (which speaks of both
 * ends' stock, safety stock and need) is withheld, and so are the ledger movement, note and actor of a step taken at
 * the other end (the dispatch at an origin, the receipt at a destination).
 */
public final class TransferDisclosure {

    /** The name a partner reads for a transfer's end that is not one of its sites (its code is null). */
    public static final String ANOTHER_SITE = "another site";

    private TransferDisclosure() {
    }

    /** The transfer as {@code caller} may see it; the view itself when the caller may see both ends. */
    static TransferView visibleTo(Caller caller, TransferView view, long fromSiteId, long toSiteId) {
        return visibleTo(caller.sees(fromSiteId), caller.sees(toSiteId), view);
    }

    static TransferView visibleTo(boolean seesFrom, boolean seesTo, TransferView t) {
        if (seesFrom && seesTo) {
            return t;
        }
        TransferView.Dispatch dispatch = t.dispatch() == null || seesFrom ? t.dispatch()
                : new TransferView.Dispatch(t.dispatch().at(), t.dispatch().quantity(), null);
        TransferView.Receipt receipt = t.receipt() == null || seesTo ? t.receipt()
                : new TransferView.Receipt(t.receipt().at(), t.receipt().receivedQuantity(),
                        t.receipt().lostQuantity(), null, null);
        List<TransferView.Event> history = t.history() == null ? null : t.history().stream()
                .map(event -> event(seesFrom, seesTo, event)).toList();
        // the lane's cost, transit days and border crossings would name the other end's region against GET /lanes,
        // and a cancellation's reason is a manager's free text, which may name it outright
        TransferView.Cancellation cancellation = t.cancellation() == null ? null
                : new TransferView.Cancellation(t.cancellation().at(), t.cancellation().by(), null);
        return new TransferView(t.id(), t.state(), seesFrom ? t.from() : hidden(t.from()),
                seesTo ? t.to() : hidden(t.to()), t.product(), seesFrom ? t.lot() : null, t.quantity(), t.packs(),
                t.packSize(), t.crossBorder(), null, null, null, t.dispatchOn(), t.arrivesOn(),
                t.approvalsRequired(), t.approvals(), dispatch, receipt, cancellation, null, t.createdAt(),
                t.createdBy(), t.version(), history);
    }

    /**
     * The same rule on a transfer as the change feed carries it ({@code payload.transfer}: site codes in
     * {@code from} and {@code to}, the lot number in {@code lot}): a copy with what the caller may not see set to
     * null, or the node itself when it may see both ends.
     */
    public static JsonNode changeVisibleTo(boolean seesFrom, boolean seesTo, JsonNode transfer) {
        if ((seesFrom && seesTo) || !(transfer instanceof ObjectNode object)) {
            return transfer;
        }
        ObjectNode copy = object.deepCopy();
        if (!seesFrom) {
            copy.putNull("from");
            copy.putNull("lot");
        }
        if (!seesTo) {
            copy.putNull("to");
        }
        return copy;
    }

    private static TransferView.Place hidden(TransferView.Place place) {
        return new TransferView.Place(null, ANOTHER_SITE, place.jurisdiction());
    }

    /**
     * A step of a transfer one of whose ends the caller may not see: a step taken at the caller's own end stays as it
     * is; any other keeps its kind, time, states and quantities, and its actor unless it was taken at the other end
     * (an approval's or cancellation's notes are a manager's free text, which may name the other end).
     */
    private static TransferView.Event event(boolean seesFrom, boolean seesTo, TransferView.Event event) {
        Boolean atOwnEnd = switch (event.kind()) {
            case "DISPATCHED" -> seesFrom;
            case "RECEIVED" -> seesTo;
            default -> null;
        };
        if (Boolean.TRUE.equals(atOwnEnd)) {
            return event;
        }
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        for (String field : List.of("quantity", "receivedQuantity", "lostQuantity")) {
            if (event.details() != null && event.details().has(field)) {
                kept.put(field, event.details().get(field));
            }
        }
        ObjectNode details = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        kept.forEach(details::set);
        return new TransferView.Event(event.at(), event.kind(), atOwnEnd == null ? event.actor() : null,
                event.fromState(), event.toState(), details);
    }
}
