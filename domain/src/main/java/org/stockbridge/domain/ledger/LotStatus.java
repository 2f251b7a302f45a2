package org.stockbridge.domain.ledger;

import org.stockbridge.domain.EnumParsing;

/** A lot's release status. Only released lots are ever issued. */
public enum LotStatus {
    RELEASED, QUARANTINED, RECALLED, EXPIRED;

    public static LotStatus parse(String value) {
        return EnumParsing.parse(LotStatus.class, "status", value);
    }
}
