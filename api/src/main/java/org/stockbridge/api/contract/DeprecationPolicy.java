package org.stockbridge.api.contract;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.stockbridge.api.web.Sunset;

/** The deprecation policy: an endpoint keeps answering at least six months after it is deprecated. */
final class DeprecationPolicy {

    static final int MINIMUM_MONTHS = 6;

    private DeprecationPolicy() {
    }

    /** Refuses a {@link Sunset} that does not keep the policy, naming why. */
    static void check(Sunset sunset) {
        LocalDate deprecated;
        LocalDate end;
        try {
            deprecated = LocalDate.parse(sunset.deprecatedOn());
            end = LocalDate.parse(sunset.on());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("@Sunset dates must be YYYY-MM-DD: " + e.getParsedString(), e);
        }
        if (end.isBefore(deprecated.plusMonths(MINIMUM_MONTHS))) {
            throw new IllegalStateException("@Sunset on " + end + " is less than " + MINIMUM_MONTHS
                    + " months after the deprecation on " + deprecated);
        }
    }
}
