package org.stockbridge.domain.alert;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a subscription may watch. A <em>lasting</em> event is a condition that holds for a while (stock below its
 * policy, a transfer waiting for an approval): it raises one alert when it starts to hold and one "cleared" alert when
 * it stops. A <em>one-shot</em> event happens once (a transfer dispatched, received) and is never cleared. Some events
 * need a {@link Parameter} of the subscription (a threshold, a horizon, a number of days).
 */
public enum AlertEvent {

    /** Usable stock of a watched (site, product) below the reorder point of its stock policy. */
    STOCK_BELOW_POLICY(true),
    /** A transfer touching a watched site waits for an approval in the subscriber's jurisdiction (any, for officials). */
    TRANSFER_AWAITING_APPROVAL(true),
    /** A transfer touching a watched site was dispatched. */
    TRANSFER_DISPATCHED(false),
    /** A transfer touching a watched site was received. */
    TRANSFER_RECEIVED(false),
    /**
     * A shortage report (Drug Shortages Canada, drugshortages.ca, FDA) linked to a watched product or equivalence group
     * is open: anticipated, active, or a discontinuation to come or done. Cleared when the report is resolved, avoided,
     * reversed, archived or no longer listed by its source, or no longer linked to what is watched.
     */
    SHORTAGE_REPORTED(true),
    /**
     * The 90-day shortage risk of an ingredient of a watched product or group (or under a watched ATC prefix) is at or
     * above the subscription's threshold; cleared when a later forecast job scores it below.
     */
    SHORTAGE_RISK_ABOVE(true, Parameter.THRESHOLD),
    /**
     * The projected probability of a stockout at a watched (site, product) within the subscription's horizon is at or
     * above its threshold; cleared when a later forecast job projects it below.
     */
    STOCKOUT_PROBABILITY_ABOVE(true, Parameter.THRESHOLD, Parameter.HORIZON_DAYS),
    /**
     * A released lot with stock at a watched site expires within the subscription's number of days; cleared when the
     * lot's stock there is used up or written off (or its expiry moves out of the window).
     */
    LOTS_EXPIRING(true, Parameter.WITHIN_DAYS);

    /** The longest stockout horizon a subscription may ask for, in days. */
    public static final int MAX_HORIZON_DAYS = 365;
    /** The most days before expiry a subscription may ask to be told about a lot. */
    public static final int MAX_WITHIN_DAYS = 730;

    private final boolean lasting;
    private final EnumSet<Parameter> needs;

    AlertEvent(boolean lasting, Parameter... needs) {
        this.lasting = lasting;
        this.needs = needs.length == 0 ? EnumSet.noneOf(Parameter.class) : EnumSet.copyOf(Arrays.asList(needs));
    }

    /** The parameters a subscription to this event must give. */
    public Set<Parameter> needs() {
        return EnumSet.copyOf(needs);
    }

    /** Whether the event is a condition that later clears. */
    public boolean lasting() {
        return lasting;
    }

    /** The event named by {@code name} (any case), if there is one. */
    public static Optional<AlertEvent> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.name().equals(wanted)).findFirst();
    }

    /**
     * What a new observation of a condition means for a subscription: {@code open} says whether an alert for the
     * condition is raised and not yet cleared, {@code holds} whether the condition holds now. One alert per condition
     * until it clears, then one "cleared"; a one-shot event is raised once and never cleared.
     */
    public Transition next(boolean open, boolean holds) {
        if (holds) {
            return open ? Transition.NONE : Transition.RAISE;
        }
        return open && lasting ? Transition.CLEAR : Transition.NONE;
    }

    /** A parameter of a subscription that some events need. */
    public enum Parameter {
        /** A probability in (0, 1]: the condition holds at or above it. */
        THRESHOLD,
        /** The horizon a projection looks ahead, 1 to {@value AlertEvent#MAX_HORIZON_DAYS} days. */
        HORIZON_DAYS,
        /** How many days ahead an expiry counts, 1 to {@value AlertEvent#MAX_WITHIN_DAYS}. */
        WITHIN_DAYS
    }

    /** The outcome of an observation. */
    public enum Transition { RAISE, CLEAR, NONE }
}
