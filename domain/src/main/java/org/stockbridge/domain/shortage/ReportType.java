package org.stockbridge.domain.shortage;

/** What a report announces: a shortage of supply, or the end of a product's sale. */
public enum ReportType {
    SHORTAGE,
    DISCONTINUATION
}
