package org.stockbridge.api.transfer;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/** A lane as a client sets it: whole transit days (0 to 60) and the cost per unit moved (0 or more, two decimals). */
public record LaneRequest(@Schema(example = "4") Integer transitDays,
                          @Schema(example = "0.88") BigDecimal costPerUnit) {
}
