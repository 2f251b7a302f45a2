package org.stockbridge.domain.ledger;

import java.math.BigDecimal;

/**
 * How much stock the ledger holds in one place. A line (a receipt, an issue, a transfer, a count's counted quantity)
 * is at most {@link #MAX_LINE} units of issue: one trillion, far above any real lot or any site's whole stock of a
 * product. A balance (the on hand of one site, product and lot) is at most
 * {@link #MAX_BALANCE}; a receipt, count or transfer in that would take it higher is refused and nothing is written.
 *
 * <p>The bounds are what keeps every sum of balances exact in a signed 64-bit integer (PostgreSQL's {@code bigint},
 * Java's {@code long}): the national reads add the balances of a product, or of every product, and a balance of at
 * most 10^13 lets such a sum take up to 922,337 balances at their bound (10^13 x 922,337 < 9.22 x 10^18), far more
 * lots holding the largest stock there may be than the country will ever have. The database holds the same bounds as
 * CHECK constraints (V60), so no writer can store more.
 */
public final class Quantities {

    /** The most units of issue one ledger line, or one count, may carry: 10^12. */
    public static final long MAX_LINE = 1_000_000_000_000L;
    /** The most units of issue one balance (site, product, lot) may hold: 10^13. */
    public static final long MAX_BALANCE = 10_000_000_000_000L;

    private static final BigDecimal MAX_LINE_DECIMAL = BigDecimal.valueOf(MAX_LINE);

    private Quantities() {
    }

    /** Why {@code quantity}, the units of issue of one line or count named {@code field}, is too large; null if not. */
    public static String lineRefusal(String field, long quantity) {
        return quantity > MAX_LINE ? tooLarge(field, String.valueOf(quantity)) : null;
    }

    /**
     * {@link #lineRefusal(String, long)} for a quantity given as a decimal, which may exceed a {@code long}; a value of
     * more than 40 digits before its point is named by its size, not written out (1E+2147483647 has no plain form).
     */
    public static String lineRefusal(String field, BigDecimal quantity) {
        if (quantity.compareTo(MAX_LINE_DECIMAL) <= 0) {
            return null;
        }
        long digits = (long) quantity.precision() - quantity.scale();
        return tooLarge(field, digits <= 40 ? quantity.toPlainString() : "a number of " + digits + " digits");
    }

    /**
     * Why adding {@code adding} units to a balance of lot {@code lot} holding {@code onHand} is refused: it would take
     * the balance above {@link #MAX_BALANCE}; null when it stays within.
     */
    public static String balanceRefusal(String lot, long onHand, long adding) {
        if (adding <= MAX_BALANCE - onHand) {
            return null;
        }
        return "lot " + lot + " holds " + onHand + " here; adding " + adding + " would take it above "
                + MAX_BALANCE + " units of issue (10^13), the most one balance may hold";
    }

    private static String tooLarge(String field, String value) {
        return field + " must be at most " + MAX_LINE + " units of issue (10^12), was " + value;
    }
}
