package org.stockbridge.api.fleet;

/**
 * The named advisory locks that keep periodic work to one replica at a time, all in one place. A lock's key in
 * PostgreSQL is {@code hashtextextended(name, 0)}; a function of the schema that takes one itself uses the same name.
 */
public enum FleetLock {

    /** Numbering the change feed; taken inside {@code assign_change_positions()} itself (migration R__change_feed_sequencer). */
    CHANGE_SEQUENCER("stockbridge:change-sequencer"),

    /** Removing idempotency records past their retention. */
    IDEMPOTENCY_PURGE("stockbridge:idempotency-purge"),

    /** A run of the forecast job (retrain, register, score), scheduled or after start. */
    FORECAST_JOB("stockbridge:forecast-job"),

    /** A round of the alert evaluator following the change feed from its stored cursor. */
    ALERT_EVALUATOR("stockbridge:alert-evaluator"),

    /** A refresh of the national summary's rollup (the stock summary read by callers not limited to sites). */
    STOCK_SUMMARY_ROLLUP("stockbridge:stock-summary-rollup");

    private final String key;

    FleetLock(String key) {
        this.key = key;
    }

    /** The text hashed into the lock's 64-bit key. */
    public String key() {
        return key;
    }
}
