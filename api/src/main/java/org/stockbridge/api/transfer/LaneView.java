package org.stockbridge.api.transfer;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A lane, one direction: transit days and cost per unit moved.
 *
 * @param fromKind   REGION (an HHS region, province or territory, or CA for the NESS national depot) or SITE
 * @param distanceKm the road distance the default was computed from; null for a lane added through the API
 */
public record LaneView(String from, String fromKind, String to, String toKind, int transitDays, BigDecimal costPerUnit,
                       Integer distanceKm, long version, OffsetDateTime updatedAt, String updatedBy) {
}
