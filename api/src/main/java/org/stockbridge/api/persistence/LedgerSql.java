package org.stockbridge.api.persistence;

import java.util.List;
import java.util.stream.Collectors;

/** Rules about ledger lines in SQL, for queries that read movements as {@code m}. */
public final class LedgerSql {

    private static final List<String> OUTFLOW_TYPES = List.of("ISSUE", "TRANSFER_OUT");

    /**
     * No reversal has undone the line. {@code r.reverses_id IS NOT NULL} changes no answer (an equality is never true
     * of a null) but lets the planner read only the reversals' entries of the unique index on {@code reverses_id}
     * when it hashes the anti-join, rather than every line of the ledger.
     */
    public static final String NOT_REVERSED = "NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_id = m.id "
            + "AND r.reverses_id IS NOT NULL)";

    /** ISSUE lines that no reversal has undone. */
    public static final String UNREVERSED_ISSUE = "m.type = 'ISSUE' AND " + NOT_REVERSED;

    /**
     * What left a site for use, the rate a site's days of supply divide by: its ISSUE lines and its TRANSFER_OUT
     * lines that no reversal has undone. A dispensing site's outflow is what it dispensed; a strategic depot's is what
     * it deployed, which it mostly transfers to the sites it serves rather than issues. A country's consumption stays
     * {@link #UNREVERSED_ISSUE}: a transfer between two of its sites moves stock, it does not use it.
     */
    public static final String UNREVERSED_OUTFLOW = "m.type IN (" + String.join(", ", quoted(OUTFLOW_TYPES)) + ") AND "
            + NOT_REVERSED;

    /**
     * The types of {@link #UNREVERSED_OUTFLOW} as the rows of a {@code VALUES} list, for a query that reads each type's
     * lines on its own through the index on (site_id, product_id, type, occurred_at): a day of receipts at the site then
     * costs it nothing, where {@code m.type IN (...)} lets the planner scan all of the site's lines of the day.
     */
    public static final String OUTFLOW_TYPE_ROWS = quoted(OUTFLOW_TYPES).stream().map(type -> "(" + type + ")")
            .collect(Collectors.joining(", "));

    private LedgerSql() {
    }

    private static List<String> quoted(List<String> types) {
        return types.stream().map(type -> "'" + type + "'").toList();
    }
}
