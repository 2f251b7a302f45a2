package org.stockbridge.api.transfer;

import java.math.BigDecimal;

/** A lane as a client sets it: whole transit days (0 to 60) and the cost per unit moved (0 or more, two decimals). */
public record LaneRequest(Integer transitDays, BigDecimal costPerUnit) {
}
