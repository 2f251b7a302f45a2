package org.stockbridge.api.forecast;

import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;

import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.batch.forecast.PanelSql;
import org.stockbridge.forecasting.registry.ModelArtifact;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** R2DBC reads of what forecasts need: the ledger's consumption and usable lots as of a day, and the registry. */
@Repository
class ForecastRepository {

    /** A (site, product) with movements, with what the series' attributes come from. */
    record PairRow(long siteId, long productId, String site, String siteName, String product, String productName,
                   String productKind, String atc, String siteKind, String jurisdiction, String region,
                   LocalDate firstDay) {
    }

    /**
     * The unreversed issue lines of one (site, product): {@code days[i]} is the epoch day on which {@code issued[i]}
     * units left, in no particular order.
     */
    record IssueSeries(long siteId, long productId, int[] days, long[] issued) {
    }

    record LotRow(long siteId, long productId, String lot, long onHand, LocalDate expiry) {
    }

    record PolicyRow(long siteId, long productId, long reorderPoint, long maxStock) {
    }

    /** A registered model; the Tribuo bytes only when asked for. */
    record StoredModel(long id, int version, ModelArtifact artifact, OffsetDateTime trainedAt, String metrics) {
    }

    private final DatabaseClient client;

    ForecastRepository(DatabaseClient client) {
        this.client = client;
    }

    Mono<LocalDate> lastDay() {
        // the date of the newest instant: read from the end of movement_occurred_idx, not from every line
        return client.sql(PanelSql.LAST_DAY)
                .map(row -> Optional.ofNullable(date(row, "day"))).one()
                .flatMap(d -> d.map(Mono::just).orElseGet(Mono::empty));
    }

    /** When the newest demand model was trained; empty before the first. */
    Mono<OffsetDateTime> newestDemandModel() {
        return client.sql("SELECT max(trained_at) AS trained FROM forecast_model WHERE kind = :kind")
                .bind("kind", ModelArtifact.Kind.DEMAND.name())
                .map(row -> Optional.ofNullable(row.get("trained", OffsetDateTime.class))).one()
                .flatMap(t -> t.map(Mono::just).orElseGet(Mono::empty));
    }

    /** Whether the catalogue has a product with this code. */
    Mono<Boolean> productExists(String code) {
        return client.sql("SELECT EXISTS (SELECT 1 FROM product WHERE code = :code) AS known").bind("code", code)
                .map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class))).one();
    }

    /** The newest ledger line's id: memoised panels are keyed by it, so a new movement is seen at once. */
    Mono<Long> ledgerVersion() {
        return client.sql("SELECT coalesce(max(id), 0) AS version FROM movement")
                .map(row -> longValue(row, "version")).one();
    }

    /**
     * The (site, product) pairs with a movement before the end of {@code asOf}, each with the day of its first. Read
     * from the balances, not the ledger's lines: every line's lot at its site has a balance row, whose
     * {@code first_occurred_at} is the lot's first line there (the ledger refuses a line dated before it), so the
     * earliest over a pair's lots is the pair's first line; a few hundred thousand rows at national scale instead of
     * every line.
     */
    Flux<PairRow> pairs(LocalDate asOf) {
        return client.sql("""
                SELECT s.id AS site_id, p.id AS product_id, s.code AS site, s.name AS site_name, p.code AS product,
                       p.name AS product_name, p.kind AS product_kind, p.atc_code, s.kind AS site_kind, s.jurisdiction,
                       s.region, f.first_day
                  FROM (%s) f
                  JOIN site s ON s.id = f.site_id JOIN product p ON p.id = f.product_id
                 ORDER BY s.code, p.code""".formatted(PanelSql.PAIRS))
                .bind("next", next(asOf))
                .map(row -> new PairRow(longValue(row, "site_id"), longValue(row, "product_id"), string(row, "site"),
                        string(row, "site_name"), string(row, "product"), string(row, "product_name"),
                        string(row, "product_kind"), string(row, "atc_code"), string(row, "site_kind"),
                        string(row, "jurisdiction"), string(row, "region"), date(row, "first_day")))
                .all();
    }

    /**
     * Each (site, product)'s unreversed issues up to the end of {@code asOf}, one row per series with its days and
     * units in two arrays of the same order (a day may appear more than once, once per lot: its issues add up). Read
     * from the ledger's per-day totals ({@code outflow_day}, V53), which hold exactly the unreversed issue lines per
     * UTC day (a reversal, whenever posted, takes its line's units off that line's day), so the read is one narrow row
     * per lot and day instead of every issue line with a search for its reversal.
     */
    Flux<IssueSeries> issues(LocalDate asOf) {
        return client.sql("""
                SELECT t.site_id, t.product_id, array_agg(t.day - DATE '1970-01-01') AS days,
                       array_agg(t.issued) AS issued
                  FROM (%s) t
                 GROUP BY 1, 2""".formatted(PanelSql.ISSUES_BY_DAY))
                .bind("day", asOf)
                .map(row -> {
                    Integer[] days = row.get("days", Integer[].class);
                    Long[] issued = row.get("issued", Long[].class);
                    int[] d = new int[days.length];
                    long[] q = new long[issued.length];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = days[i];
                        q[i] = issued[i];
                    }
                    return new IssueSeries(longValue(row, "site_id"), longValue(row, "product_id"), d, q);
                })
                .all();
    }

    /**
     * Released lots with stock at the end of {@code asOf} whose expiry at the site is after it. When no lot has moved
     * since {@code asOf} (as of the newest ledger day, always) that stock is the balances', which the ledger's triggers
     * keep the sum of their movements; otherwise it is summed from the movements before the day.
     */
    Flux<LotRow> usableLots(LocalDate asOf) {
        return client.sql(PanelSql.MOVED_SINCE)
                .bind("next", next(asOf))
                .map(row -> Boolean.TRUE.equals(row.get("moved", Boolean.class))).one()
                .flatMapMany(moved -> bindNextIf(moved, client.sql(moved ? PanelSql.USABLE_LOTS_FROM_LINES
                                : PanelSql.USABLE_LOTS_FROM_BALANCES), asOf)
                        .bind("day", asOf)
                        .map(row -> new LotRow(longValue(row, "site_id"), longValue(row, "product_id"),
                                string(row, "lot_number"), longValue(row, "on_hand"), date(row, "expiry")))
                        .all());
    }

    private static DatabaseClient.GenericExecuteSpec bindNextIf(boolean bind, DatabaseClient.GenericExecuteSpec sql,
                                                                LocalDate asOf) {
        return bind ? sql.bind("next", next(asOf)) : sql;
    }

    /** The stock policies with a maximum (the current ones: policies keep no history). */
    Flux<PolicyRow> policies() {
        return client.sql("SELECT site_id, product_id, reorder_point, max_stock FROM stock_policy "
                        + "WHERE max_stock IS NOT NULL AND max_stock >= reorder_point")
                .map(row -> new PolicyRow(longValue(row, "site_id"), longValue(row, "product_id"),
                        longValue(row, "reorder_point"), longValue(row, "max_stock")))
                .all();
    }

    Mono<String> demoParameters() {
        return client.sql("SELECT parameters FROM dataset_load WHERE name = 'demo-stock' AND complete")
                .map(row -> string(row, "parameters")).all().next();
    }

    /** The newest version of a model that saw no data after {@code asOf}, with its bytes. */
    Mono<StoredModel> latest(ModelArtifact.Kind kind, String name, Integer horizonDays, LocalDate asOf) {
        return client.sql("""
                SELECT * FROM forecast_model WHERE kind = :kind AND name = :name
                   AND coalesce(horizon_days, 0) = :horizon AND as_of <= :asOf
                 ORDER BY as_of DESC, version DESC LIMIT 1""")
                .bind("kind", kind.name()).bind("name", name).bind("horizon", horizonDays == null ? 0 : horizonDays)
                .bind("asOf", asOf)
                .map(row -> stored(row, true)).one();
    }

    /** Registered models, newest first, without their bytes. */
    Flux<StoredModel> models(Long beforeId, int limit) {
        return client.sql("""
                SELECT id, kind, name, version, horizon_days, trained_at, training_from, training_to, as_of,
                       training_rows, calibration_rows, provenance, summary, parameters, metrics
                  FROM forecast_model WHERE id < :before ORDER BY id DESC LIMIT :limit""")
                .bind("before", beforeId == null ? Long.MAX_VALUE : beforeId).bind("limit", limit)
                .map(row -> stored(row, false)).all();
    }

    Mono<String> provenance(long id) {
        return client.sql("SELECT provenance FROM forecast_model WHERE id = :id").bind("id", id)
                .map(row -> string(row, "provenance")).one();
    }

    private static StoredModel stored(Readable row, boolean withBytes) {
        Integer horizon = row.get("horizon_days", Integer.class);
        byte[] bytes = new byte[0];
        if (withBytes) {
            Object model = row.get("model");
            if (model instanceof ByteBuffer buffer) {
                bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
            } else if (model instanceof byte[] array) {
                bytes = array;
            }
        }
        return new StoredModel(longValue(row, "id"), row.get("version", Integer.class), new ModelArtifact(
                ModelArtifact.Kind.valueOf(string(row, "kind")), string(row, "name"), horizon,
                date(row, "training_from"), date(row, "training_to"), date(row, "as_of"),
                row.get("training_rows", Integer.class), row.get("calibration_rows", Integer.class),
                string(row, "provenance"), string(row, "summary"), string(row, "parameters"), bytes),
                row.get("trained_at", OffsetDateTime.class), string(row, "metrics"));
    }

    private static OffsetDateTime next(LocalDate day) {
        return day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
