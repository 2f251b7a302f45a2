package org.stockbridge.api.stock;

import java.time.OffsetDateTime;

/**
 * A ledger line as the history shows it.
 *
 * @param reverses   the id of the line this one reverses (REVERSAL lines only)
 * @param reversedBy the id of the line that reversed this one, if any
 */
record MovementHistoryLine(long id, String site, String product, String lotNumber, String type, long quantity,
                           String reasonCode, OffsetDateTime occurredAt, OffsetDateTime recordedAt, String actor,
                           String documentRef, Long priorOnHand, Long reverses, Long reversedBy) {
}
