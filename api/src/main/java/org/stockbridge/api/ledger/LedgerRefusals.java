package org.stockbridge.api.ledger;

import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.domain.ledger.Quantities;

/**
 * The ledger's refusals as problems. The database keeps the ledger's invariants and refuses with its own SQLSTATEs
 * (defined with the functions and triggers in the migrations): SB001 a balance would go below zero, SB003 a reversal
 * that may not be made, SB004 a line dated before its lot first moved at the site, SB005 a back-dated line that would
 * leave a later balance below zero, SB006 a reversal of a transfer line, SB007 a credit that would take a balance
 * above its bound ({@link Quantities}; the CHECK constraints of V60 stand behind it, refused the same way). Their
 * figures come in the error's DETAIL as
 * {@code name=value} pairs, which this class reads; a refusal whose detail cannot be read keeps its status and type
 * with the database's message.
 */
final class LedgerRefusals {

    private static final Pattern SHORTAGE = Pattern.compile(
            "available=(\\d+) requested=(\\d+) lot_number=(.*)$");
    private static final Pattern BEFORE_FIRST = Pattern.compile(
            "first_occurred_at=(\\S+) occurred_at=(\\S+) lot_number=(.*)$");
    private static final Pattern ABOVE_BOUND = Pattern.compile(
            "on_hand=(\\d+) adding=(\\d+) lot_number=(.*)$");
    private static final Set<String> BOUND_CONSTRAINTS = Set.of("movement_quantity_bound");
    private static final Pattern BELOW_ZERO_LATER = Pattern.compile(
            "at=(\\S+) available=(-?\\d+) requested=(\\d+) lot_number=(.*)$");

    private LedgerRefusals() {
    }

    /** Whether the error is a unique-constraint violation (SQLSTATE 23505). */
    static boolean isUniqueViolation(Throwable error) {
        R2dbcException db = databaseError(error);
        return db != null && "23505".equals(db.getSqlState());
    }

    /** Maps the database's refusals (SQLSTATE SB001 insufficient stock, SB003 bad reversal) to problems. */
    static Throwable translate(Throwable error) {
        R2dbcException db = databaseError(error);
        if (db == null) {
            return error;
        }
        if ("SB001".equals(db.getSqlState())) {
            String detail = detailOf(db);
            Matcher m = SHORTAGE.matcher(detail == null ? "" : detail);
            if (m.find()) {
                long available = Long.parseLong(m.group(1));
                long requested = Long.parseLong(m.group(2));
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("lot", m.group(3));
                details.put("available", available);
                details.put("requested", requested);
                details.put("missing", requested - available);
                return new ApiException(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock",
                        "lot " + m.group(3) + " holds " + available + ", " + (requested - available)
                                + " short of the " + requested + " requested", details);
            }
            return new ApiException(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock",
                    "the movement would take a balance below zero");
        }
        if ("SB004".equals(db.getSqlState())) {
            Matcher m = BEFORE_FIRST.matcher(String.valueOf(detailOf(db)));
            if (m.find()) {
                return new ApiException(HttpStatus.CONFLICT, "before-lot-arrived", "Dated before the lot arrived",
                        "lot " + m.group(3) + " first moved at this site at " + m.group(1) + "; a movement may not "
                                + "be dated before that (this one is dated " + m.group(2) + ")",
                        Map.of("lot", m.group(3), "firstMovementAt", m.group(1)));
            }
            return new ApiException(HttpStatus.CONFLICT, "before-lot-arrived", "Dated before the lot arrived",
                    db.getMessage());
        }
        if ("SB005".equals(db.getSqlState())) {
            Matcher m = BELOW_ZERO_LATER.matcher(String.valueOf(detailOf(db)));
            if (m.find()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("lot", m.group(4));
                details.put("at", m.group(1));
                details.put("available", Long.parseLong(m.group(2)));
                details.put("requested", Long.parseLong(m.group(3)));
                return new ApiException(HttpStatus.CONFLICT, "insufficient-stock-at-the-time",
                        "Not in stock at the time", "dated where it is, this line would leave lot " + m.group(4)
                        + " below zero at " + m.group(1) + " (" + m.group(2) + " on hand then, " + m.group(3)
                        + " taken); the lines recorded after its date need that stock", details);
            }
            return new ApiException(HttpStatus.CONFLICT, "insufficient-stock-at-the-time", "Not in stock at the time",
                    db.getMessage());
        }
        if ("SB006".equals(db.getSqlState())) {
            return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "reversal-not-allowed", "Reversal not allowed",
                    db.getMessage() + " (cancel or receive the transfer instead)");
        }
        if ("SB007".equals(db.getSqlState()) || "23514".equals(db.getSqlState())
                && BOUND_CONSTRAINTS.contains(constraintOf(db))) {
            return aboveBound(db);
        }
        if ("SB003".equals(db.getSqlState())) {
            return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "reversal-not-allowed", "Reversal not allowed",
                    db.getMessage());
        }
        return error;
    }

    private static ApiException aboveBound(R2dbcException db) {
        Matcher m = ABOVE_BOUND.matcher(String.valueOf(detailOf(db)));
        if (m.find()) {
            long onHand = Long.parseLong(m.group(1));
            long adding = Long.parseLong(m.group(2));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("lot", m.group(3));
            details.put("onHand", onHand);
            details.put("adding", adding);
            details.put("maxBalance", Quantities.MAX_BALANCE);
            return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "balance-limit", "Balance limit",
                    Quantities.balanceRefusal(m.group(3), onHand, adding), details);
        }
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "balance-limit", "Balance limit",
                "a line may add at most " + Quantities.MAX_BALANCE + " units of issue and a balance may hold at most "
                        + Quantities.MAX_BALANCE + " (10^13); this one would pass that bound",
                Map.of("maxBalance", Quantities.MAX_BALANCE));
    }

    private static String constraintOf(R2dbcException db) {
        return db instanceof PostgresqlException pg ? pg.getErrorDetails().getConstraintName().orElse(null) : null;
    }

    private static R2dbcException databaseError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException db) {
                return db;
            }
        }
        return null;
    }

    private static String detailOf(R2dbcException db) {
        if (db instanceof PostgresqlException pg) {
            return pg.getErrorDetails().getDetail().orElse(null);
        }
        return db.getMessage();
    }

}
