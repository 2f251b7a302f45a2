package org.stockbridge.domain.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a subscription may watch. A <em>lasting</em> event is a condition that holds for a while (stock below its
 * policy, a transfer waiting for an approval): it raises one alert when it starts to hold and one "cleared" alert when
 * it stops. A <em>one-shot</em> event happens once (a transfer dispatched, received) and is never cleared.
 */
public enum AlertEvent {

    /** Usable stock of a watched (site, product) below the reorder point of its stock policy. */
    STOCK_BELOW_POLICY(true),
    /** A transfer touching a watched site waits for an approval in the subscriber's jurisdiction (any, for officials). */
    TRANSFER_AWAITING_APPROVAL(true),
    /** A transfer touching a watched site was dispatched. */
    TRANSFER_DISPATCHED(false),
    /** A transfer touching a watched site was received. */
    TRANSFER_RECEIVED(false);

    private final boolean lasting;

    AlertEvent(boolean lasting) {
        this.lasting = lasting;
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

    /** The outcome of an observation. */
    public enum Transition { RAISE, CLEAR, NONE }
}
