package org.stockbridge.api.ledger;

/** Why a movement is being reversed. */
public record ReversalRequest(String reason, String documentRef) {
}
