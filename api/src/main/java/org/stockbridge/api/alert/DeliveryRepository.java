package org.stockbridge.api.alert;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import java.time.Duration;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.PageRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook outbox: claiming due deliveries for this replica, recording attempts, and the delivery log.
 */
@Repository
class DeliveryRepository {

    /** A delivery this replica claimed, with where it goes. */
    record Claimed(long id, long subscriptionId, String messageId, String body, int attempts, String url) {
    }

    private final DatabaseClient client;
    private final JsonMapper json;

    DeliveryRepository(DatabaseClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /**
     * Claims up to {@code batch} due deliveries for {@code lease}: one statement that locks the rows it picks and skips
     * those another replica is claiming, then marks them claimed and counts the attempt. Another replica finds them
     * claimed until the lease ends, so each attempt is made by one replica; one that dies mid-attempt leaves the row
     * to be claimed again once its lease ends.
     */
    Flux<Claimed> claim(int batch, Duration lease) {
        return client.sql("""
                        WITH due AS (
                            SELECT id FROM webhook_delivery
                             WHERE state = 'PENDING' AND next_attempt_at <= clock_timestamp()
                               AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
                             ORDER BY next_attempt_at, id
                             LIMIT :batch
                               FOR UPDATE SKIP LOCKED)
                        UPDATE webhook_delivery d
                           SET claimed_until = clock_timestamp() + make_interval(secs => :lease),
                               attempts = d.attempts + 1
                          FROM due, subscription s
                         WHERE d.id = due.id AND s.id = d.subscription_id
                        RETURNING d.id, d.subscription_id, d.message_id, d.body, d.attempts, s.webhook_url""")
                .bind("batch", batch).bind("lease", lease.toMillis() / 1000.0)
                .map(row -> new Claimed(longValue(row, "id"), longValue(row, "subscription_id"),
                        string(row, "message_id"), string(row, "body"), row.get("attempts", Integer.class),
                        string(row, "webhook_url")))
                .all();
    }

    /** Records an attempt and the delivery's new state: delivered, dead, or pending again after {@code retryIn}. */
    Mono<Void> recorded(long id, int attempt, Integer status, String error, String excerpt, int durationMs,
                        String state, Duration retryIn) {
        DatabaseClient.GenericExecuteSpec insert = client.sql("""
                        INSERT INTO webhook_attempt (delivery_id, attempt, status, error, response_excerpt, duration_ms)
                        VALUES (:id, :attempt, :status, :error, :excerpt, :duration)""")
                .bind("id", id).bind("attempt", attempt).bind("duration", durationMs);
        insert = status == null ? insert.bindNull("status", Integer.class) : insert.bind("status", status);
        insert = error == null ? insert.bindNull("error", String.class) : insert.bind("error", error);
        insert = excerpt == null ? insert.bindNull("excerpt", String.class) : insert.bind("excerpt", excerpt);
        return insert.fetch().rowsUpdated().then(client.sql("""
                        UPDATE webhook_delivery
                           SET state = :state, claimed_until = NULL,
                               next_attempt_at = clock_timestamp() + make_interval(secs => :retryIn),
                               delivered_at = CASE WHEN CAST(:state AS text) = 'DELIVERED' THEN clock_timestamp() END
                         WHERE id = :id""")
                .bind("id", id).bind("state", state).bind("retryIn", retryIn.toMillis() / 1000.0)
                .fetch().rowsUpdated()).then();
    }

    /** A subscription's deliveries, newest first, with their attempts. */
    Flux<Keyed<DeliveryView>> log(long subscriptionId, PageRequest page) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("""
                        SELECT d.id, d.alert_id, d.message_id, d.state, d.attempts, d.next_attempt_at, d.created_at,
                               d.delivered_at,
                               coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'at', a.at,
                                                 'status', a.status, 'error', a.error,
                                                 'responseExcerpt', a.response_excerpt,
                                                 'durationMs', a.duration_ms) ORDER BY a.id)
                                           FROM webhook_attempt a WHERE a.delivery_id = d.id), '[]')::text AS attempts_json
                          FROM webhook_delivery d
                         WHERE d.subscription_id = :subscription AND (:after = 0 OR d.id < :after)
                         ORDER BY d.id DESC LIMIT :limit""")
                .bind("subscription", subscriptionId)
                .bind("after", page.cursor().isStart() ? 0L : page.cursor().afterKey())
                .bind("limit", page.fetchSize());
        return spec.map(row -> new Keyed<>(longValue(row, "id"), new DeliveryView(longValue(row, "id"),
                        longValue(row, "alert_id"), string(row, "message_id"), string(row, "state"),
                        row.get("attempts", Integer.class), timestamp(row, "next_attempt_at"),
                        timestamp(row, "created_at"), timestamp(row, "delivered_at"),
                        attempts(string(row, "attempts_json")))))
                .all();
    }

    /**
     * Makes a delivery due again now, with its attempts counted afresh, unless a replica's claim on it is running (an
     * attempt in flight, which would otherwise be made twice at once); the rows changed.
     */
    Mono<Long> redeliver(long subscriptionId, long id) {
        return client.sql("""
                        UPDATE webhook_delivery SET state = 'PENDING', attempts = 0, next_attempt_at = clock_timestamp(),
                               claimed_until = NULL, delivered_at = NULL
                         WHERE subscription_id = :subscription AND id = :id
                           AND (claimed_until IS NULL OR claimed_until < clock_timestamp())""")
                .bind("subscription", subscriptionId).bind("id", id).fetch().rowsUpdated();
    }

    /** Whether the subscription has this delivery. */
    Mono<Boolean> exists(long subscriptionId, long id) {
        return client.sql("SELECT EXISTS (SELECT 1 FROM webhook_delivery WHERE subscription_id = :subscription "
                        + "AND id = :id) AS found")
                .bind("subscription", subscriptionId).bind("id", id).map(row -> bool(row, "found")).one();
    }

    private List<DeliveryView.Attempt> attempts(String text) {
        return json.readerForListOf(DeliveryView.Attempt.class).readValue(text);
    }
}
