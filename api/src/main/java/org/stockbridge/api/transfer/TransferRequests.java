package org.stockbridge.api.transfer;

/** The bodies of the transfer workflow's requests. */
final class TransferRequests {

    private TransferRequests() {
    }

    /** An approval; the approving jurisdiction is the one of the caller's token. */
    record Approval(String note) {
    }

    /** A dispatch of all the transfer's quantity, or of {@code quantity} units of it. */
    record Dispatch(Long quantity, String note) {
    }

    /** What arrived: {@code receivedQuantity} units; the rest of what was dispatched is lost in transit. */
    record Receipt(Long receivedQuantity, Long lostQuantity, String note) {
    }

    record Cancellation(String reason) {
    }
}
