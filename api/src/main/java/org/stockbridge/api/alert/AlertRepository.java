package org.stockbridge.api.alert;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.nullableLong;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.strings;
import static org.stockbridge.api.persistence.Columns.timestamp;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.batch.ledger.LotExpirySql;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.domain.alert.AlertEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts: the evaluator's reads and writes (its cursor, the changes after it, who watches a condition and whether
 * it is open) and the owner's reads.
 */
@Repository
class AlertRepository {

    /** A change of the feed the evaluator looks at. */
    record FeedChange(long position, String kind, Long siteId, String payload) {
    }

    /** A subscription watching a transfer, with whether each of its transfer events is open. */
    record TransferWatcher(long subscriptionId, String owner, String webhookUrl, String ownerJurisdiction,
                           List<String> events, List<String> open, long fromSiteId, boolean seesFrom,
                           boolean seesTo) {
    }

    /** Whether a subscription {@code sub} watches the site with columns {@code <alias>_id, _code, _jurisdiction}. */
    static String watchesSite(String alias) {
        return "((sub.visible_sites IS NULL OR t." + alias + "_id = ANY(sub.visible_sites)) AND "
                + "((cardinality(sub.sites) = 0 AND cardinality(sub.jurisdictions) = 0) OR t." + alias
                + "_code = ANY(sub.sites) OR t." + alias + "_jurisdiction = ANY(sub.jurisdictions)))";
    }

    /** Whether {@code sub} may see the site with column {@code <alias>_id} (its token could when it was saved). */
    static String seesSite(String alias) {
        return "(sub.visible_sites IS NULL OR t." + alias + "_id = ANY(sub.visible_sites))";
    }

    /** Whether {@code sub} watches the product of {@code t} (columns product_code, group_code, atc_code). */
    static final String WATCHES_PRODUCT = "((cardinality(sub.products) = 0 AND cardinality(sub.equivalence_groups) = 0 "
            + "AND cardinality(sub.atc_prefixes) = 0) OR t.product_code = ANY(sub.products) "
            + "OR t.group_code = ANY(sub.equivalence_groups) "
            + "OR EXISTS (SELECT 1 FROM unnest(sub.atc_prefixes) a WHERE t.atc_code LIKE a || '%'))";

    private static final String TARGET_PRODUCT = "p.code AS product_code, p.atc_code, g.code AS group_code";

    private final DatabaseClient client;
    private final JsonMapper json;

    AlertRepository(DatabaseClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** The evaluator's cursor, locked for this transaction. */
    Mono<Long> cursor() {
        return client.sql("SELECT position FROM alert_cursor WHERE name = 'change-feed' FOR UPDATE")
                .map(row -> longValue(row, "position")).one();
    }

    Mono<Void> advance(long position) {
        return client.sql("UPDATE alert_cursor SET position = :position WHERE name = 'change-feed'")
                .bind("position", position).fetch().rowsUpdated().then();
    }

    /** The numbered changes after {@code after}, in feed order (shortage reports included, to be passed over). */
    Flux<FeedChange> changes(long after, int limit) {
        return client.sql("SELECT position, kind, site_id, payload::text AS payload FROM change_event "
                        + "WHERE position > :after ORDER BY position LIMIT :limit")
                .bind("after", after).bind("limit", limit)
                .map(row -> new FeedChange(longValue(row, "position"), string(row, "kind"), nullableLong(row, "site_id"),
                        string(row, "payload")))
                .all();
    }

    /**
     * Every subscription watching stock below policy at the (site, product), with whether the condition holds now
     * (usable stock below the reorder point of a policy) and whether an alert for it is open.
     */
    Flux<Observation> stockWatchers(long siteId, String product, LocalDate day, long position) {
        return client.sql("""
                        WITH t AS (
                            SELECT s.id AS site_id, s.code AS site_code, s.jurisdiction AS site_jurisdiction,
                                   p.id AS product_id, %s
                              FROM site s, product p LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id
                             WHERE s.id = :site AND p.code = :product),
                        state AS (
                            SELECT sp.safety_stock, sp.reorder_point, st.on_hand, st.usable_on_hand
                              FROM t JOIN stock_policy sp ON sp.site_id = t.site_id AND sp.product_id = t.product_id
                              JOIN site s ON s.id = sp.site_id
                             CROSS JOIN LATERAL (
                                SELECT coalesce(sum(b.on_hand), 0)::bigint AS on_hand,
                                       coalesce(sum(b.on_hand) FILTER (WHERE %s), 0)::bigint AS usable_on_hand
                                  FROM balance b JOIN lot l ON l.id = b.lot_id
                                 WHERE b.site_id = sp.site_id AND b.product_id = sp.product_id) st)
                        SELECT sub.id, sub.owner, sub.webhook_url, t.site_id, t.site_code || '/' || t.product_code AS key,
                               c.alert_id IS NOT NULL AS open,
                               coalesce('STOCK_BELOW_POLICY' = ANY(sub.events) AND %s AND %s
                                   AND st.usable_on_hand < st.reorder_point, false) AS holds,
                               jsonb_build_object('site', t.site_code, 'product', t.product_code,
                                   'policy', st.reorder_point IS NOT NULL,
                                   'safetyStock', st.safety_stock, 'reorderPoint', st.reorder_point,
                                   'onHand', st.on_hand, 'usableOnHand', st.usable_on_hand,
                                   'level', CASE WHEN st.usable_on_hand < st.safety_stock THEN 'BELOW_SAFETY_STOCK'
                                                 WHEN st.usable_on_hand < st.reorder_point THEN 'BELOW_REORDER_POINT'
                                                 ELSE 'AT_OR_ABOVE_REORDER_POINT' END)::text AS evidence
                          FROM t LEFT JOIN state st ON true
                          JOIN subscription sub ON true
                          LEFT JOIN alert_condition c ON c.subscription_id = sub.id AND c.event = 'STOCK_BELOW_POLICY'
                                                     AND c.condition_key = t.site_code || '/' || t.product_code
                         WHERE %s AND (('STOCK_BELOW_POLICY' = ANY(sub.events) AND %s AND %s) OR c.alert_id IS NOT NULL)
                         ORDER BY sub.id""".formatted(TARGET_PRODUCT, LotExpirySql.USABLE, watchesSite("site"),
                        WATCHES_PRODUCT, seesSite("site"), watchesSite("site"), WATCHES_PRODUCT))
                .bind("site", siteId).bind("product", product).bind("day", day)
                .map(row -> new Observation(longValue(row, "id"), string(row, "owner"), string(row, "webhook_url"),
                        AlertEvent.STOCK_BELOW_POLICY, string(row, "key"), longValue(row, "site_id"), bool(row, "open"),
                        bool(row, "holds"), string(row, "evidence"), position))
                .all();
    }

    /** Every subscription watching a transfer event at either of its sites, with the events it has open for it. */
    Flux<TransferWatcher> transferWatchers(String from, String to, String product, String key) {
        return client.sql("""
                        WITH t AS (
                            SELECT f.id AS from_id, f.code AS from_code, f.jurisdiction AS from_jurisdiction,
                                   o.id AS to_id, o.code AS to_code, o.jurisdiction AS to_jurisdiction, %s
                              FROM site f, site o, product p LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id
                             WHERE f.code = :from AND o.code = :to AND p.code = :product)
                        SELECT sub.id, sub.owner, sub.webhook_url, sub.owner_jurisdiction, sub.events, t.from_id,
                               %s AS sees_from, %s AS sees_to,
                               coalesce((SELECT array_agg(c.event) FROM alert_condition c
                                          WHERE c.subscription_id = sub.id AND c.condition_key = :key), '{}') AS open
                          FROM t JOIN subscription sub
                            ON sub.events && ARRAY['TRANSFER_AWAITING_APPROVAL', 'TRANSFER_DISPATCHED',
                                                   'TRANSFER_RECEIVED']::text[]
                         WHERE (%s OR %s) AND %s
                         ORDER BY sub.id""".formatted(TARGET_PRODUCT, seesSite("from"), seesSite("to"),
                        watchesSite("from"), watchesSite("to"), WATCHES_PRODUCT))
                .bind("from", from).bind("to", to).bind("product", product).bind("key", key)
                .map(row -> new TransferWatcher(longValue(row, "id"), string(row, "owner"), string(row, "webhook_url"),
                        string(row, "owner_jurisdiction"), strings(row, "events"), strings(row, "open"),
                        longValue(row, "from_id"), bool(row, "sees_from"), bool(row, "sees_to")))
                .all();
    }

    /** Writes a raised alert and opens its condition; the alert's id and time. */
    Mono<Written> raise(Observation o) {
        return client.sql("""
                        WITH a AS (
                            INSERT INTO alert (subscription_id, owner, event, condition_key, kind, site_id, evidence,
                                               change_position)
                            VALUES (:sub, :owner, :event, :key, 'RAISED', :site, CAST(:evidence AS jsonb), :position)
                            RETURNING id, created_at),
                        c AS (
                            INSERT INTO alert_condition (subscription_id, event, condition_key, alert_id)
                            SELECT :sub, :event, :key, id FROM a)
                        SELECT id, created_at FROM a""")
                .bind("sub", o.subscriptionId()).bind("owner", o.owner()).bind("event", o.event().name())
                .bind("key", o.conditionKey()).bind("evidence", o.evidence())
                .bind("site", Parameter.fromOrEmpty(o.siteId(), Long.class))
                .bind("position", Parameter.fromOrEmpty(o.changePosition(), Long.class))
                .map(row -> new Written(longValue(row, "id"), timestamp(row, "created_at")))
                .one();
    }

    /** Writes a cleared alert and closes its condition. */
    Mono<Written> clear(Observation o) {
        return client.sql("""
                        WITH c AS (
                            DELETE FROM alert_condition
                             WHERE subscription_id = :sub AND event = :event AND condition_key = :key)
                        INSERT INTO alert (subscription_id, owner, event, condition_key, kind, site_id, evidence,
                                           change_position)
                        VALUES (:sub, :owner, :event, :key, 'CLEARED', :site, CAST(:evidence AS jsonb), :position)
                        RETURNING id, created_at""")
                .bind("sub", o.subscriptionId()).bind("owner", o.owner()).bind("event", o.event().name())
                .bind("key", o.conditionKey()).bind("evidence", o.evidence())
                .bind("site", Parameter.fromOrEmpty(o.siteId(), Long.class))
                .bind("position", Parameter.fromOrEmpty(o.changePosition(), Long.class))
                .map(row -> new Written(longValue(row, "id"), timestamp(row, "created_at")))
                .one();
    }

    /** An alert as written. */
    record Written(long id, OffsetDateTime at) {
    }

    /** Puts a webhook message in the outbox, in the alert's transaction. */
    Mono<Void> enqueue(long subscriptionId, long alertId, String messageId, String body) {
        return client.sql("INSERT INTO webhook_delivery (subscription_id, alert_id, message_id, body) "
                        + "VALUES (:sub, :alert, :message, :body)")
                .bind("sub", subscriptionId).bind("alert", alertId).bind("message", messageId).bind("body", body)
                .fetch().rowsUpdated().then();
    }

    /** The owner's alerts, newest first; only unread ones when {@code unread}. */
    Flux<Keyed<AlertView>> list(String owner, boolean unread, PageRequest page) {
        return client.sql("""
                        SELECT id, subscription_id, event, condition_key, kind, evidence::text AS evidence,
                               change_position, created_at, read_at
                          FROM alert
                         WHERE owner = :owner AND (:after = 0 OR id < :after) AND (NOT :unread OR read_at IS NULL)
                         ORDER BY id DESC LIMIT :limit""")
                .bind("owner", owner).bind("after", page.cursor().isStart() ? 0L : page.cursor().afterKey())
                .bind("unread", unread).bind("limit", page.fetchSize())
                .map(row -> new Keyed<>(longValue(row, "id"), new AlertView(longValue(row, "id"),
                        longValue(row, "subscription_id"), string(row, "event"), string(row, "condition_key"),
                        string(row, "kind"), json.readTree(string(row, "evidence")), nullableLong(row, "change_position"),
                        timestamp(row, "created_at"), timestamp(row, "read_at"))))
                .all();
    }

    Mono<Long> unreadCount(String owner) {
        return client.sql("SELECT count(*) AS n FROM alert WHERE owner = :owner AND read_at IS NULL")
                .bind("owner", owner).map(row -> longValue(row, "n")).one();
    }

    /** Marks the owner's alert read (once); the rows that were the owner's. */
    Mono<Long> markRead(String owner, long id) {
        return client.sql("UPDATE alert SET read_at = coalesce(read_at, clock_timestamp()) "
                        + "WHERE owner = :owner AND id = :id")
                .bind("owner", owner).bind("id", id).fetch().rowsUpdated();
    }
}
