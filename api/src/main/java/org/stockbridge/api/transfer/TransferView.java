package org.stockbridge.api.transfer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A transfer as the API returns it; {@code version} is its ETag. {@code history} is given for one transfer (a read
 * of it or a step's answer), not in lists. What a partner reads of a transfer touching another tenant's site is
 * limited by {@link TransferDisclosure}.
 */
public record TransferView(long id, String state, Place from, Place to, Product product, Lot lot, long quantity,
                           int packs, int packSize, boolean crossBorder, List<String> crossings, Integer transitDays,
                           BigDecimal cost, LocalDate dispatchOn, LocalDate arrivesOn, List<String> approvalsRequired,
                           List<Approval> approvals, Dispatch dispatch, Receipt receipt, Cancellation cancellation,
                           JsonNode explanation, OffsetDateTime createdAt, String createdBy, long version,
                           List<Event> history) {

    public record Place(String code, String name, String jurisdiction) {
    }

    public record Product(String code, String name) {
    }

    public record Lot(String lotNumber, LocalDate labelledExpiry, LocalDate extendedExpiry) {
    }

    public record Approval(String jurisdiction, String by, OffsetDateTime at) {
    }

    /** A dispatch; {@code movementId} is null for a partner when the origin is not one of its sites. */
    public record Dispatch(OffsetDateTime at, long quantity, Long movementId) {
    }

    /** A receipt: what arrived (written to the ledger) and what was lost in transit. */
    public record Receipt(OffsetDateTime at, long receivedQuantity, long lostQuantity, Long movementId, String note) {
    }

    public record Cancellation(OffsetDateTime at, String by, String reason) {
    }

    /** One step of the transfer's history. */
    public record Event(OffsetDateTime at, String kind, String actor, String fromState, String toState,
                        JsonNode details) {
    }

    TransferView withHistory(List<Event> events) {
        return new TransferView(id, state, from, to, product, lot, quantity, packs, packSize, crossBorder, crossings,
                transitDays, cost, dispatchOn, arrivesOn, approvalsRequired, approvals, dispatch, receipt,
                cancellation, explanation, createdAt, createdBy, version, List.copyOf(events));
    }
}
