package org.stockbridge.api.ledger;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** The balance of one lot at a site, with the lot's expiry and status as they count there. */
record BalanceView(String site, String product, String lot, long onHand, long version, OffsetDateTime updatedAt,
                   long lastMovementId, LocalDate labelledExpiry, LocalDate extendedExpiry, String lotStatus) {
}
