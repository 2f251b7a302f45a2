package org.stockbridge.api.ledger;

import java.time.OffsetDateTime;

/** A ledger line as the API returns it, with the balance of its lot right after it. */
public record MovementLine(long id, String site, String product, String lotNumber, String type, long quantity,
                           String reasonCode, OffsetDateTime occurredAt, OffsetDateTime recordedAt, String actor,
                           String documentRef, Long priorOnHand, Long reverses, long balanceAfter,
                           long balanceVersion) {
}
