package org.stockbridge.api.transfer;

import io.swagger.v3.oas.annotations.media.Schema;
/** A border crossing as a client sets it: its delay in whole days (0 to 30), open or closed, and a note. */
public record CrossingRequest(@Schema(example = "2") Integer delayDays,
                              @Schema(example = "true") Boolean open,
                              @Schema(example = "inspection backlog at the bridge") String note) {
}
