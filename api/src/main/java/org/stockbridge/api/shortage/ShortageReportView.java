package org.stockbridge.api.shortage;

import java.time.LocalDate;

/** A shortage report as lists show it: the source's status beside the unified lifecycle, and its key dates. */
record ShortageReportView(long id, String source, String sourceKey, String country, String type, String sourceStatus,
                          String lifecycle, String din, String packageNdc, String productNdc, String brandName,
                          String commonName, String companyName, String ingredients, String atcCode, String reason,
                          Boolean tier3, LocalDate anticipatedStart, LocalDate actualStart, LocalDate estimatedEnd,
                          LocalDate actualEnd, LocalDate discontinuationDate, LocalDate sourceCreated,
                          LocalDate sourceUpdated, boolean listed, LocalDate delistedOn, int version) {
}
