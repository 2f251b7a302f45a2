package org.stockbridge.domain.ledger;

import org.stockbridge.domain.EnumParsing;

/**
 * The kinds of ledger line. Each fixes the direction of its quantity: credits add stock, debits remove it, and
 * adjustments, count corrections and reversals go either way (the reason code or the count decides).
 */
public enum MovementType {
    RECEIPT(Direction.CREDIT),
    ISSUE(Direction.DEBIT),
    ADJUSTMENT(Direction.EITHER),
    TRANSFER_OUT(Direction.DEBIT),
    TRANSFER_IN(Direction.CREDIT),
    COUNT_CORRECTION(Direction.EITHER),
    WRITE_OFF(Direction.DEBIT),
    REVERSAL(Direction.EITHER);

    public enum Direction { CREDIT, DEBIT, EITHER }

    private final Direction direction;

    MovementType(Direction direction) {
        this.direction = direction;
    }

    public Direction direction() {
        return direction;
    }

    public static MovementType parse(String value) {
        return EnumParsing.parse(MovementType.class, "type", value);
    }
}
