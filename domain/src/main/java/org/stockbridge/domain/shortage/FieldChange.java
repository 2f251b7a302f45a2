package org.stockbridge.domain.shortage;

/** One field of a report that a new version changed: its value before and after (either may be null). */
public record FieldChange(String field, String before, String after) {
}
