package org.stockbridge.api.ledger;

import java.util.List;

/** What a POST wrote: every ledger line, in order. */
public record MovementResult(String documentRef, List<MovementLine> movements) {
}
