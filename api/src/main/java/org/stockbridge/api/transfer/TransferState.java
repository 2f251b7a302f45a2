package org.stockbridge.api.transfer;

import java.util.Set;

/** Where a transfer is: it moves only forward, and may be cancelled only before it leaves. */
public enum TransferState {
    RECOMMENDED, APPROVED, DISPATCHED, RECEIVED, CANCELLED;

    /** The states this one may become. */
    Set<TransferState> next() {
        return switch (this) {
            case RECOMMENDED -> Set.of(APPROVED, CANCELLED);
            case APPROVED -> Set.of(DISPATCHED, CANCELLED);
            case DISPATCHED -> Set.of(RECEIVED);
            case RECEIVED, CANCELLED -> Set.of();
        };
    }

    boolean mayBecome(TransferState state) {
        return next().contains(state);
    }

    static TransferState parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be one of RECOMMENDED, APPROVED, DISPATCHED, RECEIVED, "
                    + "CANCELLED, was " + value);
        }
    }
}
