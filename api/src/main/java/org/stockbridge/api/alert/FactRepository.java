package org.stockbridge.api.alert;

import static org.stockbridge.api.alert.AlertRepository.WATCHES_PRODUCT;
import static org.stockbridge.api.alert.AlertRepository.seesSite;
import static org.stockbridge.api.alert.AlertRepository.watchesSite;
import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.nullableLong;
import static org.stockbridge.api.persistence.Columns.string;

import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.batch.ledger.LotExpirySql;
import org.stockbridge.domain.alert.AlertEvent;
import org.stockbridge.domain.shortage.Lifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The evaluator's reads of the facts that change outside the ledger's feed of stock and transfers: shortage reports
 * after an ingest run, the scores of a forecast job, and lots nearing expiry. Each read answers, for every subscription
 * that watches a condition or has it open, whether the condition holds now, with the evidence to keep.
 */
@Repository
class FactRepository {

    /**
     * A shortage report still on its source's list that is still a problem ({@link Lifecycle#outstanding}): it has
     * not ended, or ended in a discontinuation.
     */
    static final String OPEN_REPORT = "(r.listed AND r.lifecycle IN (" + Lifecycle.outstandingOnes().stream()
            .map(l -> "'" + l.name() + "'").collect(Collectors.joining(", ")) + "))";

    private final DatabaseClient client;

    FactRepository(DatabaseClient client) {
        this.client = client;
    }

    /** A cursor of the evaluator other than the change feed's, locked for this transaction. */
    Mono<Long> cursor(String name) {
        return client.sql("SELECT position FROM alert_cursor WHERE name = :name FOR UPDATE").bind("name", name)
                .map(row -> longValue(row, "position")).one();
    }

    Mono<Void> advance(String name, long position) {
        return client.sql("UPDATE alert_cursor SET position = :position WHERE name = :name")
                .bind("name", name).bind("position", position).fetch().rowsUpdated().then();
    }

    /**
     * The completed shortage ingest runs after {@code floor} whose reports were not judged yet, oldest first. A run
     * is judged once it completed: its reports are linked to the catalogue only in its last step.
     */
    Flux<Long> unjudgedRuns(long floor, int limit) {
        return client.sql("""
                        SELECT r.id FROM ingestion_run r
                         WHERE r.id > :floor AND r.status = 'COMPLETED' AND r.source IN ('DSC', 'DRUGSHORTAGES_CA', 'FDA')
                           AND NOT EXISTS (SELECT 1 FROM alert_ingestion_run j WHERE j.run_id = r.id)
                         ORDER BY r.id LIMIT :limit""")
                .bind("floor", floor).bind("limit", limit).map(row -> longValue(row, "id")).all();
    }

    Mono<Void> judged(long runId) {
        return client.sql("INSERT INTO alert_ingestion_run (run_id) VALUES (:run) ON CONFLICT DO NOTHING")
                .bind("run", runId).fetch().rowsUpdated().then();
    }

    /**
     * The reports the run created or changed, for every subscription watching a product or group one of them is
     * linked to (a link to a group reaches its products) or with an alert open on one: open while the report is.
     */
    Flux<Observation> shortageWatchers(long runId) {
        return client.sql("""
                        WITH r AS MATERIALIZED (SELECT * FROM shortage_report WHERE changed_run_id = :run),
                        t AS (
                            SELECT k.report_id, p.code AS product_code, coalesce(p.atc_code, g.atc_code) AS atc_code,
                                   g.code AS group_code
                              FROM shortage_report_link k
                              LEFT JOIN product p ON p.id = k.product_id
                              LEFT JOIN equivalence_group g ON g.id = coalesce(k.equivalence_group_id,
                                                                               p.equivalence_group_id)
                             WHERE k.report_id IN (SELECT id FROM r)
                            UNION
                            SELECT k.report_id, p.code, coalesce(p.atc_code, g.atc_code), g.code
                              FROM shortage_report_link k
                              JOIN equivalence_group g ON g.id = k.equivalence_group_id
                              JOIN product p ON p.equivalence_group_id = g.id
                             WHERE k.product_id IS NULL AND k.report_id IN (SELECT id FROM r)),
                        matched AS (
                            SELECT sub.id AS subscription_id, t.report_id,
                                   array_agg(DISTINCT t.product_code) FILTER (WHERE t.product_code IS NOT NULL)
                                       AS products,
                                   array_agg(DISTINCT t.group_code) FILTER (WHERE t.group_code IS NOT NULL) AS groups
                              FROM t JOIN subscription sub ON 'SHORTAGE_REPORTED' = ANY(sub.events)
                             WHERE %s
                             GROUP BY sub.id, t.report_id),
                        pairs AS (
                            SELECT m.subscription_id, m.report_id, true AS watched, m.products, m.groups
                              FROM matched m
                            UNION ALL
                            SELECT c.subscription_id, r.id, false, NULL::text[], NULL::text[]
                              FROM alert_condition c
                              JOIN r ON c.condition_key = 'shortage-report/' || r.source || '/' || r.source_key
                             WHERE c.event = 'SHORTAGE_REPORTED'
                               AND NOT EXISTS (SELECT 1 FROM matched m WHERE m.subscription_id = c.subscription_id
                                                                         AND m.report_id = r.id))
                        SELECT sub.id, sub.owner, sub.webhook_url, NULL::bigint AS site_id,
                               'shortage-report/' || r.source || '/' || r.source_key AS key,
                               c.alert_id IS NOT NULL AS open,
                               x.watched AND %s AS holds,
                               jsonb_build_object('report', jsonb_build_object(
                                   'id', r.id, 'source', r.source, 'sourceKey', r.source_key, 'country', r.country,
                                   'type', r.report_type, 'sourceStatus', r.source_status, 'lifecycle', r.lifecycle,
                                   'listed', r.listed, 'version', r.version, 'brandName', r.brand_name,
                                   'commonName', r.common_name, 'company', r.company_name, 'atc', r.atc_code,
                                   'reason', r.reason, 'anticipatedStart', r.anticipated_start,
                                   'actualStart', r.actual_start, 'estimatedEnd', r.estimated_end,
                                   'actualEnd', r.actual_end, 'discontinuationDate', r.discontinuation_date),
                                   'watchedProducts', coalesce(to_jsonb(x.products), '[]'::jsonb),
                                   'watchedGroups', coalesce(to_jsonb(x.groups), '[]'::jsonb),
                                   'watched', x.watched,
                                   'ingestionRun', CAST(:run AS bigint))::text AS evidence
                          FROM pairs x JOIN r ON r.id = x.report_id JOIN subscription sub ON sub.id = x.subscription_id
                          LEFT JOIN alert_condition c ON c.subscription_id = sub.id AND c.event = 'SHORTAGE_REPORTED'
                               AND c.condition_key = 'shortage-report/' || r.source || '/' || r.source_key
                         ORDER BY sub.id, r.id""".formatted(WATCHES_PRODUCT, OPEN_REPORT))
                .bind("run", runId)
                .map(row -> observation(row, AlertEvent.SHORTAGE_REPORTED))
                .all();
    }

    /**
     * The newest demand model of a completed forecast job run after {@code after} (models are numbered in the order
     * the runs, one at a time in the fleet, registered them), with the 90-day risk model of the same run if any.
     */
    Mono<ForecastRun> newForecast(long after) {
        return client.sql("""
                        WITH done AS (
                            SELECT m.id, e.job_instance_id FROM forecast_model m
                              JOIN batch_job_execution e ON e.job_execution_id = m.job_execution_id
                             WHERE m.kind = 'DEMAND' AND m.id > :after
                               AND EXISTS (SELECT 1 FROM batch_job_execution d
                                            WHERE d.job_instance_id = e.job_instance_id AND d.status = 'COMPLETED')
                             ORDER BY m.id DESC LIMIT 1)
                        SELECT done.id,
                               (SELECT max(k.id) FROM forecast_model k
                                  JOIN batch_job_execution ke ON ke.job_execution_id = k.job_execution_id
                                 WHERE k.kind = 'RISK' AND k.horizon_days = 90
                                   AND ke.job_instance_id = done.job_instance_id) AS risk_id
                          FROM done""")
                .bind("after", after)
                .map(row -> new ForecastRun(longValue(row, "id"), nullableLong(row, "risk_id")))
                .one();
    }

    /** A completed forecast job run: its demand model, and its 90-day risk model when it trained one. */
    record ForecastRun(long demandModelId, Long riskModelId) {
    }

    /**
     * The projected stockout probability of every (site, product) the demand model scored, for every subscription
     * watching it: the highest probability among the model's horizons within the subscription's, against its
     * threshold. A (site, product) with an alert open that the model no longer scores is judged not to hold.
     */
    Flux<Observation> stockoutWatchers(long modelId) {
        return client.sql("""
                        WITH sc AS MATERIALIZED (SELECT * FROM forecast_score WHERE model_id = :model),
                        pairs AS (
                            SELECT DISTINCT site_id, product_id FROM sc
                            UNION
                            SELECT a.site_id, p.id FROM alert_condition c JOIN alert a ON a.id = c.alert_id
                              JOIN product p ON p.code = a.evidence ->> 'product'
                             WHERE c.event = 'STOCKOUT_PROBABILITY_ABOVE'),
                        t AS (
                            SELECT s.id AS site_id, s.code AS site_code, s.jurisdiction AS site_jurisdiction,
                                   p.id AS product_id, p.code AS product_code, p.atc_code, g.code AS group_code
                              FROM pairs x JOIN site s ON s.id = x.site_id JOIN product p ON p.id = x.product_id
                              LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id)
                        SELECT sub.id, sub.owner, sub.webhook_url, t.site_id, t.site_code || '/' || t.product_code AS key,
                               c.alert_id IS NOT NULL AS open,
                               coalesce('STOCKOUT_PROBABILITY_ABOVE' = ANY(sub.events) AND %s AND %s
                                   AND w.stockout_probability >= sub.threshold, false) AS holds,
                               jsonb_build_object('site', t.site_code, 'product', t.product_code,
                                   'threshold', sub.threshold, 'horizonDays', sub.horizon_days,
                                   'stockoutProbability', w.stockout_probability,
                                   'projectedHorizonDays', w.horizon_days, 'asOf', w.as_of,
                                   'expectedStockoutDate', w.expected_stockout_date,
                                   'usableOnHand', w.usable_on_hand, 'shortfallP90', w.shortfall_p90,
                                   'demandModel', CAST(:model AS bigint))::text AS evidence
                          FROM t JOIN subscription sub ON true
                          LEFT JOIN LATERAL (
                              SELECT * FROM sc WHERE sc.site_id = t.site_id AND sc.product_id = t.product_id
                                 AND sc.horizon_days <= sub.horizon_days
                               ORDER BY sc.stockout_probability DESC, sc.horizon_days LIMIT 1) w ON true
                          LEFT JOIN alert_condition c ON c.subscription_id = sub.id
                               AND c.event = 'STOCKOUT_PROBABILITY_ABOVE'
                               AND c.condition_key = t.site_code || '/' || t.product_code
                         WHERE %s AND (('STOCKOUT_PROBABILITY_ABOVE' = ANY(sub.events) AND %s AND %s)
                                       OR c.alert_id IS NOT NULL)
                         ORDER BY sub.id, t.site_id, t.product_id""".formatted(watchesSite("site"), WATCHES_PRODUCT,
                        seesSite("site"), watchesSite("site"), WATCHES_PRODUCT))
                .bind("model", modelId)
                .map(row -> observation(row, AlertEvent.STOCKOUT_PROBABILITY_ABOVE))
                .all();
    }

    /** The day a risk model's stored scores are as of (empty when it stored none). */
    Mono<LocalDate> riskScoredOn(long riskModelId) {
        return client.sql("SELECT max(as_of) AS as_of FROM shortage_risk_score WHERE model_id = :model")
                .bind("model", riskModelId).map(row -> Optional.ofNullable(
                        row.get("as_of", LocalDate.class))).one()
                .flatMap(day -> day.map(Mono::just).orElseGet(Mono::empty));
    }

    /**
     * The shortage risk of every ingredient the risk model scored, for every subscription watching it (an ingredient
     * is reached through the ATC code or ingredients of a product or group, or an ATC prefix), against its threshold.
     * An ingredient with an alert open that the model no longer scores is judged not to hold. The evidence names how
     * fresh the risk's sources are ({@code supplyRiskFreshness}, as the risk views state it; null when unknown).
     */
    Flux<Observation> riskWatchers(long riskModelId, String supplyRiskFreshness) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("""
                        WITH rs AS MATERIALIZED (SELECT * FROM shortage_risk_score WHERE model_id = :model),
                        t AS (
                            SELECT rs.ingredient, NULL::text AS product_code, rs.atc_code, NULL::text AS group_code
                              FROM rs
                            UNION
                            SELECT rs.ingredient, p.code, p.atc_code, g.code
                              FROM rs JOIN product p ON p.atc_code = rs.atc_code
                              LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id
                            UNION
                            SELECT rs.ingredient, NULL, g.atc_code, g.code
                              FROM rs JOIN equivalence_group g ON g.atc_code = rs.atc_code
                                   OR upper(g.ingredients) = upper(rs.ingredient)),
                        matched AS (
                            SELECT DISTINCT sub.id AS subscription_id, t.ingredient
                              FROM t JOIN subscription sub ON 'SHORTAGE_RISK_ABOVE' = ANY(sub.events)
                             WHERE %s),
                        pairs AS (
                            SELECT subscription_id, ingredient, true AS watched FROM matched
                            UNION ALL
                            SELECT c.subscription_id, substr(c.condition_key, length('ingredient/') + 1), false
                              FROM alert_condition c
                             WHERE c.event = 'SHORTAGE_RISK_ABOVE'
                               AND NOT EXISTS (SELECT 1 FROM matched m WHERE m.subscription_id = c.subscription_id
                                   AND 'ingredient/' || m.ingredient = c.condition_key))
                        SELECT sub.id, sub.owner, sub.webhook_url, NULL::bigint AS site_id,
                               'ingredient/' || x.ingredient AS key, c.alert_id IS NOT NULL AS open,
                               coalesce(x.watched AND rs.probability >= sub.threshold, false) AS holds,
                               jsonb_build_object('ingredient', x.ingredient, 'atc', rs.atc_code,
                                   'probability', rs.probability, 'threshold', sub.threshold,
                                   'horizonDays', rs.horizon_days, 'asOf', rs.as_of, 'scored', rs.model_id IS NOT NULL,
                                   'riskModel', CAST(:model AS bigint),
                                   'supplyRiskFreshness', CAST(:freshness AS jsonb))::text AS evidence
                          FROM pairs x JOIN subscription sub ON sub.id = x.subscription_id
                          LEFT JOIN rs ON rs.ingredient = x.ingredient
                          LEFT JOIN alert_condition c ON c.subscription_id = sub.id AND c.event = 'SHORTAGE_RISK_ABOVE'
                               AND c.condition_key = 'ingredient/' || x.ingredient
                         ORDER BY sub.id, x.ingredient""".formatted(WATCHES_PRODUCT))
                .bind("model", riskModelId);
        spec = supplyRiskFreshness == null ? spec.bindNull("freshness", String.class)
                : spec.bind("freshness", supplyRiskFreshness);
        return spec.map(row -> observation(row, AlertEvent.SHORTAGE_RISK_ABOVE)).all();
    }

    /**
     * Lots at a watched site nearing expiry. A lot is raised when it is released, has stock there and expires on
     * {@code day} or within the subscription's days after it; it stays raised while stock of it is there and its
     * expiry is within the window (past expiry included: expired stock still needs writing off). Either one lot
     * (after movements of them, in one read: each with the feed position of its movement) or, with {@code touched}
     * null, every lot with stock expiring within the longest window of any subscription and every lot with an alert
     * open (the sweep as days pass).
     */
    Flux<Observation> lotWatchers(List<LotTouch> touched, LocalDate day) {
        String candidates = touched != null ? """
                SELECT x.site_id, l.product_id, l.id AS lot_id, x.position
                  FROM unnest(CAST(:sites AS bigint[]), CAST(:products AS text[]), CAST(:lots AS text[]),
                              CAST(:positions AS bigint[])) AS x(site_id, product, lot, position)
                  JOIN product p ON p.code = x.product JOIN lot l ON l.product_id = p.id AND l.lot_number = x.lot
                 WHERE EXISTS (SELECT 1 FROM subscription WHERE 'LOTS_EXPIRING' = ANY(events))""" : """
                SELECT b.site_id, b.product_id, b.lot_id, NULL::bigint AS position
                  FROM balance b JOIN lot l ON l.id = b.lot_id JOIN site s ON s.id = b.site_id
                 WHERE b.on_hand > 0 AND %s <= CAST(:day AS date) + (SELECT coalesce(max(within_days), -1)
                       FROM subscription WHERE 'LOTS_EXPIRING' = ANY(events))
                UNION
                SELECT a.site_id, p.id, l.id, NULL::bigint
                  FROM alert_condition c JOIN alert a ON a.id = c.alert_id
                  JOIN product p ON p.code = a.evidence ->> 'product'
                  JOIN lot l ON l.product_id = p.id AND l.lot_number = a.evidence ->> 'lot'
                 WHERE c.event = 'LOTS_EXPIRING'""".formatted(LotExpirySql.EFFECTIVE_EXPIRY);
        DatabaseClient.GenericExecuteSpec spec = client.sql("""
                        WITH x AS (%s),
                        t AS (
                            SELECT s.id AS site_id, s.code AS site_code, s.jurisdiction AS site_jurisdiction,
                                   p.code AS product_code, p.atc_code, g.code AS group_code, l.lot_number, l.status,
                                   x.position,
                                   %s AS expiry, coalesce(b.on_hand, 0) AS on_hand
                              FROM x JOIN site s ON s.id = x.site_id JOIN product p ON p.id = x.product_id
                              JOIN lot l ON l.id = x.lot_id
                              LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id
                              LEFT JOIN balance b ON b.site_id = x.site_id AND b.product_id = x.product_id
                                   AND b.lot_id = x.lot_id)
                        SELECT sub.id, sub.owner, sub.webhook_url, t.site_id, t.position,
                               t.site_code || '/' || t.product_code || '/' || t.lot_number AS key,
                               c.alert_id IS NOT NULL AS open,
                               coalesce('LOTS_EXPIRING' = ANY(sub.events) AND %s AND %s AND CASE WHEN c.alert_id IS NULL
                                    THEN t.on_hand > 0 AND t.status = 'RELEASED' AND t.expiry >= :day
                                         AND t.expiry <= CAST(:day AS date) + sub.within_days
                                    ELSE t.on_hand > 0 AND t.expiry <= CAST(:day AS date) + sub.within_days END,
                                   false) AS holds,
                               jsonb_build_object('site', t.site_code, 'product', t.product_code,
                                   'lot', t.lot_number, 'expiry', t.expiry, 'status', t.status,
                                   'onHand', t.on_hand, 'withinDays', sub.within_days,
                                   'daysLeft', t.expiry - CAST(:day AS date), 'asOf', CAST(:day AS date))::text AS evidence
                          FROM t JOIN subscription sub ON true
                          LEFT JOIN alert_condition c ON c.subscription_id = sub.id AND c.event = 'LOTS_EXPIRING'
                               AND c.condition_key = t.site_code || '/' || t.product_code || '/' || t.lot_number
                         WHERE %s AND (('LOTS_EXPIRING' = ANY(sub.events) AND %s AND %s) OR c.alert_id IS NOT NULL)
                         ORDER BY sub.id, t.site_id, t.product_code, t.lot_number""".formatted(candidates,
                        LotExpirySql.EFFECTIVE_EXPIRY, watchesSite("site"), WATCHES_PRODUCT, seesSite("site"),
                        watchesSite("site"), WATCHES_PRODUCT))
                .bind("day", day);
        if (touched != null) {
            spec = spec.bind("sites", touched.stream().map(LotTouch::siteId).toArray(Long[]::new))
                    .bind("products", touched.stream().map(LotTouch::product).toArray(String[]::new))
                    .bind("lots", touched.stream().map(LotTouch::lot).toArray(String[]::new))
                    .bind("positions", touched.stream().map(LotTouch::position).toArray(Long[]::new));
        }
        return spec.map(row -> observation(row, AlertEvent.LOTS_EXPIRING, nullableLong(row, "position"))).all();
    }

    /** A lot a movement of the feed touched, at a site, with the movement's position. */
    record LotTouch(long siteId, String product, String lot, long position) {
    }

    /** Whether a subscription to lots expiring was created or changed since {@code epochMillis}. */
    Mono<Boolean> expiryWatchChangedSince(long epochMillis) {
        return client.sql("SELECT EXISTS (SELECT 1 FROM subscription WHERE 'LOTS_EXPIRING' = ANY(events) "
                        + "AND updated_at > to_timestamp(:since / 1000.0)) AS changed")
                .bind("since", epochMillis).map(row -> bool(row, "changed")).one();
    }

    private static Observation observation(Readable row, AlertEvent event) {
        return observation(row, event, null);
    }

    private static Observation observation(Readable row, AlertEvent event, Long position) {
        return new Observation(longValue(row, "id"), string(row, "owner"), string(row, "webhook_url"), event,
                string(row, "key"), nullableLong(row, "site_id"), bool(row, "open"), bool(row, "holds"),
                string(row, "evidence"), position);
    }
}
