package org.stockbridge.api.ledger;

import java.util.List;

/** Many movements that are applied all together or not at all. */
public record MovementDocumentRequest(String documentRef, List<MovementRequest> lines) {
}
