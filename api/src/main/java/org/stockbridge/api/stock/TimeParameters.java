package org.stockbridge.api.stock;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.stockbridge.api.web.RequestParameters;

/** Instants given in a query either as an ISO-8601 date-time with offset or as a UTC date. */
final class TimeParameters {

    private TimeParameters() {
    }

    /** A lower bound: a date means the start of that UTC day. */
    static OffsetDateTime from(String name, String value) {
        return RequestParameters.optional(name, value, text -> text.length() <= 10
                ? day(name, text).atStartOfDay().atOffset(ZoneOffset.UTC)
                : OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** An exclusive upper bound: a date means the end of that UTC day, so the whole day is included. */
    static OffsetDateTime until(String name, String value) {
        return RequestParameters.optional(name, value, text -> text.length() <= 10
                ? day(name, text).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)
                : OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** The day itself must be one a client may send, not only the instant it stands for. */
    private static LocalDate day(String name, String text) {
        return RequestParameters.within(name, text, LocalDate.parse(text));
    }
}
