package org.stockbridge.api.stock;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.stockbridge.api.persistence.Keyed;
import reactor.core.publisher.Mono;

/**
 * The one rule for when the national rollups (the summary's, V54, and the per-site one, V56, both stamped by the row
 * of {@code stock_summary_refresh}) may answer a read, and how a read falls back to live: a rollup is served while its
 * stamp is of the read's UTC day and at most {@link #MAX_AGE_PERIODS} of its refresh periods old (the period the
 * refresh that wrote it set, V59: the configured interval, longer when rebuilds are slow); otherwise, or when the
 * refresh interval is zero (rollups off), the read is computed live. Each read is counted by where its answer came
 * from. One bean holds the rule for both rollups.
 *
 * <p>A page query is wrapped as {@link #OPEN} + the page's query + {@link #close}: a lateral join from the stamp that
 * keeps the stamp's row only when the rollup may be served (binds {@code :day}), so one round trip reads the stamp and
 * the page, and an empty page of a servable rollup still returns the stamp.
 */
@Component
class RollupServing {

    /** How many refresh periods old a rollup may be and still be served. */
    static final int MAX_AGE_PERIODS = 3;

    static final String OPEN = """
            SELECT f.refreshed_at, x.*
              FROM stock_summary_refresh f
              LEFT JOIN LATERAL (
            """;

    private final Duration interval;

    RollupServing(@Value("${stockbridge.stock.summary-refresh:PT15S}") Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("stockbridge.stock.summary-refresh must not be negative (zero: off)");
        }
        this.interval = interval;
    }

    /**
     * The end of a wrapped page query: the stamp's condition, {@code also} (an extra condition, or empty), and the
     * page's order.
     */
    static String close(String also, String orderBy) {
        return """

                  ) x ON true
                 WHERE f.day = :day AND f.refreshed_at >= now() - %d * f.period_ms * interval '1 millisecond'%s
                 ORDER BY %s""".formatted(MAX_AGE_PERIODS, also, orderBy);
    }

    boolean enabled() {
        return !interval.isZero();
    }

    /** The shortest time between two rebuilds' starts (the configured interval). */
    Duration interval() {
        return interval;
    }

    /**
     * {@code fromRollup}'s answer when the rollups are on and it gives one (it is empty when the rollup may not be
     * served), else {@code live}'s; each read counted on the counter of where its answer came from.
     */
    <T> Mono<T> answerOr(Mono<T> fromRollup, Mono<T> live, Counter rollupReads, Counter liveReads) {
        Mono<T> answered = !enabled() ? Mono.<T>empty() : fromRollup.doOnNext(answer -> rollupReads.increment());
        return answered.switchIfEmpty(Mono.defer(() -> {
            liveReads.increment();
            return live;
        }));
    }

    /** A row of a wrapped page query: the stamp, and an item unless the page is empty. */
    record Row<T>(OffsetDateTime refreshedAt, Keyed<T> item) {
    }

    /** A page's items and the stamp of the rollup they were read from. */
    record Stamped<T>(OffsetDateTime refreshedAt, List<Keyed<T>> rows) {

        /** From the rows of a wrapped page query (at least one: the stamp's). */
        static <T> Stamped<T> of(List<Row<T>> rows) {
            return new Stamped<>(rows.get(0).refreshedAt(),
                    rows.stream().map(Row::item).filter(Objects::nonNull).toList());
        }
    }
}
