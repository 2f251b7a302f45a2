package org.stockbridge.domain.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * How a ledger line may be dated by those who post it: not in the future (beyond a few minutes of clock skew), and not
 * more than the backdating window in the past. Older history is loaded by an administrator's history load, a
 * separate and audited path. The database adds the rules that hold for every writer: no line before its lot's first
 * line at the site, and no backdated line that takes the stock of a later moment below zero.
 *
 * @param backdatingWindow how far in the past a line may be dated
 */
public record MovementDating(Duration backdatingWindow) {

    /** How far ahead of the server's clock a writer's clock may be. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** The default window: a month of late paper records, a monthly reconciliation. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    public MovementDating {
        Objects.requireNonNull(backdatingWindow, "backdatingWindow must not be null");
        if (backdatingWindow.isNegative() || backdatingWindow.isZero()) {
            throw new IllegalArgumentException("backdatingWindow must be positive, was " + backdatingWindow);
        }
    }

    /**
     * Why a line may not be dated {@code at} when posted at {@code now}, naming the field as {@code field}; null when
     * it may.
     */
    public String refusal(String field, OffsetDateTime at, Instant now) {
        Instant when = at.toInstant();
        if (when.isAfter(now.plus(CLOCK_SKEW))) {
            return field + " must not be in the future";
        }
        Instant earliest = now.minus(backdatingWindow);
        if (when.isBefore(earliest)) {
            return field + " may be at most " + describe(backdatingWindow) + " in the past (not before " + earliest
                    + "); older history is loaded by an administrator's history load, not posted";
        }
        return null;
    }

    private static String describe(Duration window) {
        return window.toSeconds() % 86_400 == 0 ? window.toDays() + " days" : window.toString();
    }
}
