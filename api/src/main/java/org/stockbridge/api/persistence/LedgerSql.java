package org.stockbridge.api.persistence;

/** Rules about ledger lines in SQL, for queries that read movements as {@code m}. */
public final class LedgerSql {

    /** ISSUE lines that no reversal has undone. */
    public static final String UNREVERSED_ISSUE = "m.type = 'ISSUE' AND NOT EXISTS (SELECT 1 FROM movement r "
            + "WHERE r.reverses_id = m.id)";

    /**
     * What left a site for use, the rate a site's days of supply divide by: its ISSUE lines and its TRANSFER_OUT
     * lines that no reversal has undone. A dispensing site's outflow is what it dispensed; a strategic depot's is what
     * it deployed, which it mostly transfers to the sites it serves rather than issues. A country's consumption stays
     * {@link #UNREVERSED_ISSUE}: a transfer between two of its sites moves stock, it does not use it.
     */
    public static final String UNREVERSED_OUTFLOW = "m.type IN ('ISSUE', 'TRANSFER_OUT') AND NOT EXISTS "
            + "(SELECT 1 FROM movement r WHERE r.reverses_id = m.id)";

    private LedgerSql() {
    }
}
