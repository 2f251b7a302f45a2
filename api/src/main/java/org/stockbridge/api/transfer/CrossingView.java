package org.stockbridge.api.transfer;

import java.time.OffsetDateTime;

/** A Canada-U.S. border crossing: the regions on its two sides, the customs delay it adds, and whether it is open. */
public record CrossingView(String name, String usPort, String caPort, String usRegion, String caRegion, int delayDays,
                           boolean open, String note, long version, OffsetDateTime updatedAt, String updatedBy) {
}
