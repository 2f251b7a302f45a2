package org.stockbridge.domain.ledger;

import java.util.Arrays;
import java.util.List;
import org.stockbridge.domain.EnumParsing;

/**
 * Why stock changed. Reasons are typed credit or debit, as in OpenLMIS, and each is allowed for some movement types
 * only: a write-off is for expiry, damage or recall; an adjustment names what was found, lost or returned.
 */
public enum ReasonCode {
    PURCHASE(MovementType.Direction.CREDIT, MovementType.RECEIPT),
    DONATION(MovementType.Direction.CREDIT, MovementType.RECEIPT),
    ALLOCATION(MovementType.Direction.CREDIT, MovementType.RECEIPT),
    RETURN_FROM_SITE(MovementType.Direction.CREDIT, MovementType.RECEIPT, MovementType.ADJUSTMENT),
    DISPENSED(MovementType.Direction.DEBIT, MovementType.ISSUE),
    DEPLOYMENT(MovementType.Direction.DEBIT, MovementType.ISSUE),
    FOUND(MovementType.Direction.CREDIT, MovementType.ADJUSTMENT),
    LOST(MovementType.Direction.DEBIT, MovementType.ADJUSTMENT),
    STOLEN(MovementType.Direction.DEBIT, MovementType.ADJUSTMENT),
    DATA_ENTRY_CORRECTION_CREDIT(MovementType.Direction.CREDIT, MovementType.ADJUSTMENT),
    DATA_ENTRY_CORRECTION_DEBIT(MovementType.Direction.DEBIT, MovementType.ADJUSTMENT),
    EXPIRED(MovementType.Direction.DEBIT, MovementType.WRITE_OFF),
    DAMAGED(MovementType.Direction.DEBIT, MovementType.WRITE_OFF, MovementType.ADJUSTMENT),
    RECALLED(MovementType.Direction.DEBIT, MovementType.WRITE_OFF),
    TRANSFER(MovementType.Direction.EITHER, MovementType.TRANSFER_OUT, MovementType.TRANSFER_IN),
    LOST_IN_TRANSIT(MovementType.Direction.DEBIT, MovementType.ADJUSTMENT),
    PHYSICAL_COUNT(MovementType.Direction.EITHER, MovementType.COUNT_CORRECTION),
    REVERSAL(MovementType.Direction.EITHER, MovementType.REVERSAL);

    private final MovementType.Direction direction;
    private final List<MovementType> allowedFor;

    ReasonCode(MovementType.Direction direction, MovementType... allowedFor) {
        this.direction = direction;
        this.allowedFor = List.of(allowedFor);
    }

    public MovementType.Direction direction() {
        return direction;
    }

    public boolean allowedFor(MovementType type) {
        return allowedFor.contains(type);
    }

    public static ReasonCode parse(String value) {
        return EnumParsing.parse(ReasonCode.class, "reasonCode", value);
    }

    /** The reason used when a client gives none. */
    public static ReasonCode defaultFor(MovementType type) {
        return switch (type) {
            case RECEIPT -> PURCHASE;
            case ISSUE -> DISPENSED;
            case TRANSFER_OUT, TRANSFER_IN -> TRANSFER;
            case COUNT_CORRECTION -> PHYSICAL_COUNT;
            case REVERSAL -> REVERSAL;
            case ADJUSTMENT, WRITE_OFF -> throw new IllegalArgumentException(
                    "reasonCode must be given for " + type + ": one of " + Arrays.stream(values())
                            .filter(r -> r.allowedFor(type)).map(Enum::name).toList());
        };
    }
}
