package org.stockbridge.batch.forecast;

import org.stockbridge.batch.ledger.LotExpirySql;

/**
 * The ledger reads of a forecast panel, shared by the forecast job ({@link ForecastData}, JDBC) and the service's
 * forecasts and recommendations (R2DBC), so that both see the same history. Named parameters: {@code :next} is the
 * first instant after the as-of day (its next UTC midnight), {@code :day} the as-of day.
 *
 * <p>None reads every line of the ledger: pairs and their first day come from the balances (each lot's balance row
 * keeps its first line's instant, which the ledger refuses to predate, so the earliest over a pair's lots is the
 * pair's first line), issues per day from the per-day totals ({@code outflow_day}, V53: exactly the unreversed issue
 * lines per UTC day, a reversal taking its line's units off that line's day), the newest day from the end of the
 * movement time index, and usable lots from the balances when no lot moved after the day.
 */
public final class PanelSql {

    /** Each (site, product) with a line before {@code :next}, with the UTC day of its first. */
    public static final String PAIRS = """
            SELECT site_id, product_id, min((first_occurred_at AT TIME ZONE 'UTC')::date) AS first_day
              FROM balance WHERE first_occurred_at < :next GROUP BY site_id, product_id""";

    /**
     * Units of unreversed issues per (site, product, UTC day, lot) up to {@code :day}, non-zero only; a day may
     * appear once per lot (its units add up).
     */
    public static final String ISSUES_BY_DAY = """
            SELECT t.site_id, t.product_id, t.day, t.issued
              FROM outflow_day t
             WHERE t.day <= :day AND t.issued <> 0""";

    /** The UTC day of the newest line (null on an empty ledger), read from the end of the time index. */
    public static final String LAST_DAY = "SELECT (max(occurred_at) AT TIME ZONE 'UTC')::date AS day FROM movement";

    /** Whether a lot moved at or after {@code :next}: the balances then hold more than the day's stock. */
    public static final String MOVED_SINCE =
            "SELECT EXISTS (SELECT 1 FROM balance WHERE last_occurred_at >= :next) AS moved";

    /**
     * Released lots with stock whose expiry at the site ({@link LotExpirySql#EFFECTIVE_EXPIRY}) is after {@code :day},
     * summed from the lines before {@code :next}: for a past day.
     */
    public static final String USABLE_LOTS_FROM_LINES = """
            SELECT site_id, product_id, lot_number, on_hand, expiry FROM (
                SELECT m.site_id, m.product_id, l.lot_number, sum(m.quantity) AS on_hand, %1$s AS expiry
                  FROM movement m JOIN lot l ON l.id = m.lot_id JOIN site s ON s.id = m.site_id
                 WHERE m.occurred_at < :next AND l.status = 'RELEASED'
                 GROUP BY m.site_id, m.product_id, l.lot_number, 5) t
             WHERE on_hand > 0 AND expiry > :day""".formatted(LotExpirySql.EFFECTIVE_EXPIRY);

    /** As {@link #USABLE_LOTS_FROM_LINES}, from the balances, when no lot moved after the day. */
    public static final String USABLE_LOTS_FROM_BALANCES = """
            SELECT b.site_id, b.product_id, l.lot_number, b.on_hand, %1$s AS expiry
              FROM balance b JOIN lot l ON l.id = b.lot_id JOIN site s ON s.id = b.site_id
             WHERE b.on_hand > 0 AND l.status = 'RELEASED' AND %1$s > :day""".formatted(LotExpirySql.EFFECTIVE_EXPIRY);

    private PanelSql() {
    }
}
