package org.stockbridge.domain.shortage;

import java.util.Locale;

/**
 * The one lifecycle every report is mapped to, whatever its source's vocabulary. The source's own status is kept
 * beside it.
 */
public enum Lifecycle {
    ANTICIPATED,
    ACTIVE,
    AVOIDED,
    RESOLVED,
    TO_BE_DISCONTINUED,
    DISCONTINUED,
    REVERSED,
    /**
     * The source stopped reporting while the report was still open (anticipated, active or to be discontinued): it
     * was closed on the day the source ended, and its source status is the last one the source gave. Not a resolution:
     * nobody said the shortage ended, only that no one reports on it any more.
     */
    ARCHIVED;

    /**
     * A Drug Shortages Canada status, as an API code ({@code active_confirmed}) or as the display label of the
     * 2018+ exports ({@code Actual shortage}).
     */
    public static Lifecycle ofDsc(String status) {
        return switch (DscStatus.of(status)) {
            case ANTICIPATED_SHORTAGE -> ANTICIPATED;
            case ACTIVE_CONFIRMED -> ACTIVE;
            case AVOIDED_SHORTAGE -> AVOIDED;
            case RESOLVED -> RESOLVED;
            case TO_BE_DISCONTINUED -> TO_BE_DISCONTINUED;
            case DISCONTINUED -> DISCONTINUED;
            case REVERSED -> REVERSED;
        };
    }

    /** An FDA status: {@code Current}, {@code To Be Discontinued}, {@code Resolved} (and {@code Discontinued}). */
    public static Lifecycle ofFda(String status) {
        String key = key(status);
        return switch (key) {
            case "current" -> ACTIVE;
            case "to be discontinued" -> TO_BE_DISCONTINUED;
            case "resolved" -> RESOLVED;
            case "discontinued" -> DISCONTINUED;
            default -> throw new IllegalArgumentException("unknown FDA status '" + status
                    + "' (known: Current, To Be Discontinued, Resolved, Discontinued)");
        };
    }

    /** A drugshortages.ca outcome ({@code Current}, {@code Resolved}); a discontinued product ends discontinued. */
    public static Lifecycle ofVoluntary(String outcome, boolean discontinued) {
        String key = key(outcome);
        if (discontinued) {
            return DISCONTINUED;
        }
        return switch (key) {
            case "current" -> ACTIVE;
            case "resolved" -> RESOLVED;
            default -> throw new IllegalArgumentException("unknown drugshortages.ca outcome '" + outcome
                    + "' (known: Current, Resolved)");
        };
    }

    /** Whether the report may still change state at its source. */
    public boolean open() {
        return this == ANTICIPATED || this == ACTIVE || this == TO_BE_DISCONTINUED;
    }

    /** The lifecycles a report may be in while open, which a source that ends archives. */
    public static java.util.List<Lifecycle> openOnes() {
        return java.util.Arrays.stream(values()).filter(Lifecycle::open).toList();
    }

    /**
     * Whether the report still describes a problem of supply: it is open (anticipated, active, to be discontinued),
     * or it ended in a discontinuation, the product gone for good. Not one that was avoided, resolved or reversed,
     * and not one archived by a source that ended: nobody reports on it any more.
     */
    public boolean outstanding() {
        return open() || this == DISCONTINUED;
    }

    /** The lifecycles of a report that still describes a problem of supply ({@link #outstanding}). */
    public static java.util.List<Lifecycle> outstandingOnes() {
        return java.util.Arrays.stream(values()).filter(Lifecycle::outstanding).toList();
    }

    static String key(String status) {
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException("status must not be blank");
        }
        return SourceText.collapse(status.toLowerCase(Locale.ROOT).replace('_', ' '));
    }
}
