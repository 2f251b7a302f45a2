package org.stockbridge.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The dates and instants a client may send (expiries, occurrence times, query bounds): days of the years 1900 to
 * 2199. Every stockpiled product, count, shortage and forecast falls well within them; a date outside is a typo or a
 * probe, and would otherwise overflow date arithmetic (a 500), wrap when stored (+999999999-12-31 read back as
 * +36070-01-11; PostgreSQL holds no year before 4713 BC nor after 5874897) or answer absurd spans.
 */
public final class ClientDates {

    public static final LocalDate FIRST = LocalDate.of(1900, 1, 1);
    public static final LocalDate LAST = LocalDate.of(2199, 12, 31);

    private static final Instant START = FIRST.atStartOfDay().toInstant(ZoneOffset.UTC);
    /** Included: the end of the last day, which an exclusive upper bound "to the end of 2199-12-31" names. */
    private static final Instant END = LAST.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private ClientDates() {
    }

    /**
     * Why {@code value} (a LocalDate, OffsetDateTime, ZonedDateTime or Instant) may not be sent, worded to follow the
     * field's name ("must lie within 1900-01-01 to 2199-12-31"); null when it may, or when it is no date at all.
     */
    public static String refusal(Object value) {
        boolean within;
        if (value instanceof LocalDate day) {
            within = !day.isBefore(FIRST) && !day.isAfter(LAST);
        } else if (value instanceof OffsetDateTime time) {
            within = within(time.toInstant());
        } else if (value instanceof ZonedDateTime time) {
            within = within(time.toInstant());
        } else if (value instanceof Instant instant) {
            within = within(instant);
        } else {
            return null;
        }
        return within ? null : "must lie within " + FIRST + " to " + LAST + " (UTC)";
    }

    private static boolean within(Instant instant) {
        return !instant.isBefore(START) && !instant.isAfter(END);
    }
}
