package org.stockbridge.api.persistence;

/** Rules about ledger lines in SQL, for queries that read movements as {@code m}. */
public final class LedgerSql {

    /** ISSUE lines that no reversal has undone. */
    public static final String UNREVERSED_ISSUE = "m.type = 'ISSUE' AND NOT EXISTS (SELECT 1 FROM movement r "
            + "WHERE r.reverses_id = m.id)";

    private LedgerSql() {
    }
}
