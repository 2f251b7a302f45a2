package org.stockbridge.api.transfer;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.stockbridge.domain.Jurisdiction;

/**
 * Who may do what to a transfer, free of any framework: each check returns null when allowed, else the reason it is
 * refused.
 */
final class TransferRules {

    private TransferRules() {
    }

    /**
     * How much a shortfall weighs in the optimiser's first objective: 1, plus 1 for an essential medicine (CLEAN Meds),
     * plus 1 while an active or anticipated tier-3 shortage report names the product or its equivalence group.
     */
    static double criticality(boolean essential, boolean tier3) {
        return 1 + (essential ? 1 : 0) + (tier3 ? 1 : 0);
    }

    /** A domestic transfer needs its own jurisdiction's approval; a cross-border one needs both. */
    static List<String> approvalsRequired(Jurisdiction from, Jurisdiction to) {
        return from == to ? List.of(from.name()) : List.of(Jurisdiction.US.name(), Jurisdiction.CA.name());
    }

    /**
     * Whether a caller may approve: a partner system never does; an approver acts for the jurisdiction of their token,
     * which must be one the transfer needs and not one that has approved already.
     */
    static String approvalRefused(boolean partner, Jurisdiction approverJurisdiction, Collection<String> required) {
        if (partner) {
            return "a partner system cannot approve transfers";
        }
        if (approverJurisdiction == null) {
            return "approving needs a token with a jurisdiction claim (US or CA): the approval is that jurisdiction's";
        }
        if (!required.contains(approverJurisdiction.name())) {
            return "this transfer needs approval from " + String.join(" and ", required) + ", not from "
                    + approverJurisdiction;
        }
        return null;
    }

    /**
     * Whether a transfer concerns a caller acting in {@code actor} (null: both countries): it leaves or reaches a site
     * of that jurisdiction. A cross-border transfer concerns both sides; a domestic one only its own country.
     */
    static boolean concerns(Jurisdiction actor, Jurisdiction from, Jurisdiction to) {
        return actor == null || actor == from || actor == to;
    }

    /**
     * Whether a caller may cancel: a manager of either side, never a partner system (whatever its token's jurisdiction,
     * it acts for its own sites, not for a country's plan), nor a manager of a country the transfer does not concern.
     */
    static String cancellationRefused(boolean partner, Jurisdiction actor, Jurisdiction from, Jurisdiction to) {
        if (partner) {
            return "a partner system cannot cancel transfers";
        }
        if (!concerns(actor, from, to)) {
            return "the caller acts in " + actor + ", which this transfer does not concern";
        }
        return null;
    }

    static boolean alreadyApproved(Jurisdiction approverJurisdiction, Collection<String> given) {
        return given.contains(approverJurisdiction.name());
    }

    /** The state after an approval: APPROVED once every required jurisdiction has approved. */
    static TransferState afterApproval(Collection<String> required, Collection<String> givenIncludingThis) {
        return Set.copyOf(givenIncludingThis).containsAll(required) ? TransferState.APPROVED : TransferState.RECOMMENDED;
    }

    /** The loss in transit a receipt implies, or a reason the figures do not add up. */
    static long lost(long dispatched, long received, Long lost) {
        if (received < 0) {
            throw new IllegalArgumentException("receivedQuantity must be zero or more");
        }
        if (received > dispatched) {
            throw new IllegalArgumentException("receivedQuantity " + received + " is more than the " + dispatched
                    + " dispatched");
        }
        long implied = dispatched - received;
        if (lost != null && lost != implied) {
            throw new IllegalArgumentException("receivedQuantity + lostQuantity must equal the " + dispatched
                    + " dispatched, was " + received + " + " + lost);
        }
        return implied;
    }
}
