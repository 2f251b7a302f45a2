package org.stockbridge.api.shortage;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.persistence.Like;
import org.stockbridge.api.persistence.Memo;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.web.Cursor;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.domain.shortage.ShortageSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads of shortage reports. {@link #ACTIVE_ON} mirrors {@code ShortageReport.activeOn} of the domain for the
 * database: a shortage that actually happened, started by the day (its actual start, else its creation), not ended
 * before it, and not delisted by then.
 */
@Repository
class ShortageRepository {

    static final String ACTIVE_ON = "(r.report_type = 'SHORTAGE' AND (r.lifecycle = 'ACTIVE' OR (r.lifecycle = 'RESOLVED' "
            + "AND r.actual_end IS NOT NULL) OR (r.lifecycle = 'ARCHIVED' AND r.actual_start IS NOT NULL)) "
            + "AND coalesce(r.actual_start, r.source_created) <= :activeOn "
            + "AND (r.actual_end IS NULL OR r.actual_end >= :activeOn) "
            + "AND (r.delisted_on IS NULL OR r.delisted_on > :activeOn))";
    /**
     * The day a list sorted newest first sorts by: the report's last update at its source, else its creation there;
     * a report with neither comes last. The same expression as the index of V48.
     */
    static final String NEWEST = "coalesce(r.source_updated, r.source_created, DATE '1900-01-01')";
    /** The report's ATC code, else (the 2023 exports and drugshortages.ca carry none) the DPD's for its DIN. */
    static final String ATC = "coalesce(r.atc_code, (SELECT d.atc_codes[1] FROM dpd_product d WHERE d.din = r.din))";
    private static final String COLUMNS = "r.id, r.source, r.source_key, r.country, r.report_type, r.source_status, "
            + "r.lifecycle, r.din, r.package_ndc, r.product_ndc, r.brand_name, r.common_name, r.company_name, "
            + "r.ingredients, r.atc_code, r.reason, r.tier3, r.anticipated_start, r.actual_start, r.estimated_end, "
            + "r.actual_end, r.discontinuation_date, r.source_created, r.source_updated, r.listed, r.delisted_on, "
            + "r.version";

    private final DatabaseClient client;
    private final Reads reads;
    private final JsonMapper json;
    private final Memo<String, ShortageFreshness> freshness = new Memo<>(1);

    ShortageRepository(DatabaseClient client, Reads reads, JsonMapper json) {
        this.client = client;
        this.reads = reads;
        this.json = json;
    }

    record Filter(String country, List<String> lifecycles, String ingredient, String atcPrefix, String din,
                  String ndc, LocalDate activeOn, Boolean tier3, String source) {
    }

    /** The orders of the list: newest first (by {@link #NEWEST}, then id, both descending), or by id. */
    enum Sort {
        NEWEST(2), ID(1);

        private final int keys;

        Sort(int keys) {
            this.keys = keys;
        }

        /** How many keys its cursor holds. */
        int keys() {
            return keys;
        }
    }

    Flux<Keyed<ShortageReportView>> list(Filter f, Sort sort, PageRequest page) {
        FilteredQuery query = filtered(f);
        Cursor cursor = page.cursor();
        if (sort == Sort.ID) {
            return query.where("r.id > :after", "after", cursor.afterKey())
                    .then("ORDER BY r.id LIMIT :limit", "limit", page.fetchSize())
                    .fetch(reads.client(), row -> new Keyed<>(longValue(row, "id"), view(row)));
        }
        return query.where("(" + NEWEST + ", r.id) < (:afterDay, :afterId)", cursor.isStart() ? null
                        : Map.of("afterDay", cursor.afterDay(0), "afterId", cursor.afterKey(1)))
                .then("ORDER BY " + NEWEST + " DESC, r.id DESC LIMIT :limit", "limit", page.fetchSize())
                .fetch(reads.client(), row -> {
                    ShortageReportView view = view(row);
                    LocalDate day = view.sourceUpdated() != null ? view.sourceUpdated()
                            : view.sourceCreated() != null ? view.sourceCreated() : LocalDate.of(1900, 1, 1);
                    return Keyed.of(view, day.toEpochDay(), view.id());
                });
    }

    private static FilteredQuery filtered(Filter f) {
        FilteredQuery query = FilteredQuery.select("SELECT " + COLUMNS + " FROM shortage_report r")
                .where("r.country = :country", "country", f.country())
                .where("r.lifecycle = ANY (:lifecycles)", "lifecycles",
                        f.lifecycles() == null ? null : f.lifecycles().toArray(new String[0]))
                .where("(r.ingredients ILIKE :ingredient OR r.common_name ILIKE :ingredient)", "ingredient",
                        Like.containing(f.ingredient()))
                .where(ATC + " LIKE :atc", "atc", f.atcPrefix() == null ? null : f.atcPrefix() + "%")
                .where("r.din = :din", "din", f.din())
                .where("(upper(regexp_replace(r.package_ndc, '[^0-9A-Za-z]', '', 'g')) = :ndc "
                        + "OR upper(regexp_replace(r.product_ndc, '[^0-9A-Za-z]', '', 'g')) = :ndc)", "ndc", f.ndc())
                .where("r.tier3 = :tier3", "tier3", f.tier3())
                .where("r.source = :source", "source", f.source());
        if (f.activeOn() != null) {
            query.where(ACTIVE_ON).bind("activeOn", f.activeOn());
        }
        return query;
    }

    Mono<ShortageReportDetail> detail(long id) {
        Mono<Map.Entry<ShortageReportView, Created>> report = client.sql("SELECT " + COLUMNS
                        + ", r.details::text AS details, r.first_run_id, r.created_at FROM shortage_report r WHERE r.id = :id")
                .bind("id", id)
                .map(row -> Map.entry(view(row), new Created(string(row, "details"), longValue(row, "first_run_id"),
                        timestamp(row, "created_at"))))
                .one();
        Mono<List<ShortageReportDetail.Link>> links = client.sql("""
                        SELECT p.code AS product_code, p.name AS product_name, g.code AS group_code,
                               g.name AS group_name, l.match_method
                          FROM shortage_report_link l
                          LEFT JOIN product p ON p.id = l.product_id
                          LEFT JOIN equivalence_group g ON g.id = l.equivalence_group_id
                         WHERE l.report_id = :id ORDER BY l.match_method, p.code, g.code""")
                .bind("id", id)
                .map(row -> new ShortageReportDetail.Link(string(row, "product_code"), string(row, "product_name"),
                        string(row, "group_code"), string(row, "group_name"), string(row, "match_method")))
                .all().collectList();
        Mono<List<ShortageReportDetail.Version>> versions = client.sql("SELECT version, kind, run_id, recorded_at, "
                        + "changes::text AS changes FROM shortage_report_version WHERE report_id = :id "
                        + "ORDER BY version DESC")
                .bind("id", id)
                .map(row -> new ShortageReportDetail.Version(row.get("version", Integer.class), string(row, "kind"),
                        longValue(row, "run_id"), timestamp(row, "recorded_at"), changes(string(row, "changes"))))
                .all().collectList();
        return report.flatMap(r -> Mono.zip(links, versions, freshness()).map(t -> {
            List<ShortageReportDetail.Version> all = new ArrayList<>(t.getT2());
            all.add(new ShortageReportDetail.Version(1, "CREATED", r.getValue().firstRun(), r.getValue().at(), null));
            return new ShortageReportDetail(r.getKey(), fields(r.getValue().details()), t.getT1(), all, t.getT3());
        }));
    }

    /** The current details of a report and when it was first ingested (its version 1). */
    private record Created(String details, long firstRun, java.time.OffsetDateTime at) {
    }

    /**
     * How fresh each source is: the newest report, update and completed snapshot of each source ingested. Computed
     * once per {@link #ingestStamp() state of the ingestion runs}, so the views that state it (the list on every page,
     * each report, the summary) pay a read of the run rows, not a pass over every report.
     */
    Mono<ShortageFreshness> freshness() {
        return ingestStamp().flatMap(stamp -> freshness.get(stamp, this::computeFreshness));
    }

    /**
     * What the freshness is computed from changes only through the ingestion runs: a chunk's reports are written in
     * the transaction that adds its counts to its run (inserted and updated ones here; the reports a run merely saw
     * again or closed change no date or count the freshness reads), and a snapshot counts once its run completed. So
     * the runs, how many completed and the reports they wrote identify it. The table holds one row per file ingested.
     */
    private Mono<String> ingestStamp() {
        return client.sql("SELECT count(*) AS runs, count(*) FILTER (WHERE status = 'COMPLETED') AS completed, "
                        + "coalesce(sum(inserted_count + updated_count), 0)::bigint AS written FROM ingestion_run "
                        + "WHERE source <> 'DPD'")
                .map(row -> longValue(row, "runs") + "/" + longValue(row, "completed") + "/"
                        + longValue(row, "written"))
                .one();
    }

    private Mono<ShortageFreshness> computeFreshness() {
        Mono<Map<String, ShortageFreshness.Dates>> reports = client.sql("SELECT source, "
                        + "max(source_created) AS created, max(source_updated) AS updated, count(*) AS n "
                        + "FROM shortage_report GROUP BY source")
                .map(row -> Map.entry(string(row, "source"), new ShortageFreshness.Dates(date(row, "created"),
                        date(row, "updated"), null, longValue(row, "n"))))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
        Mono<Map<String, LocalDate>> snapshots = client.sql("SELECT source, max(snapshot_date) AS day "
                        + "FROM ingestion_run WHERE status = 'COMPLETED' AND snapshot_date IS NOT NULL GROUP BY source")
                .map(row -> Map.entry(string(row, "source"), date(row, "day")))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return Mono.zip(reports, snapshots).map(t -> {
            Map<ShortageSource, ShortageFreshness.Dates> dates = new java.util.EnumMap<>(ShortageSource.class);
            t.getT1().forEach((source, d) -> dates.put(ShortageSource.valueOf(source),
                    new ShortageFreshness.Dates(d.reportsUpTo(), d.updatedUpTo(), t.getT2().get(source), d.reports())));
            return ShortageFreshness.of(dates);
        });
    }

    Mono<ShortageSummary> summary(LocalDate asOf) {
        String active = "FROM shortage_report r WHERE r.lifecycle = 'ACTIVE' AND r.listed AND r.source IN ("
                + ShortageSource.liveOnes().stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "))
                + ")";
        Mono<List<ShortageSummary.Count>> byCountry = counts("SELECT r.country, r.country AS key, count(*) AS n "
                + active + " GROUP BY 1 ORDER BY 1");
        Mono<List<ShortageSummary.Count>> byAtc = counts("SELECT r.country, coalesce(left(" + ATC + ", 3), 'unknown') "
                + "AS key, count(*) AS n " + active + " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2");
        Mono<List<ShortageSummary.Count>> byReason = counts("SELECT r.country, coalesce(r.reason, 'not stated') AS key, "
                + "count(*) AS n " + active + " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2");
        Mono<List<ShortageSummary.Month>> months = client.sql("SELECT to_char(r.source_created, 'YYYY-MM') AS month, "
                        + "r.country, count(*) AS n FROM shortage_report r WHERE r.source_created IS NOT NULL "
                        + "AND r.source_created <= :asOf GROUP BY 1, 2 ORDER BY 1, 2")
                .bind("asOf", asOf)
                .map(row -> new ShortageSummary.Month(string(row, "month"), string(row, "country"), longValue(row, "n")))
                .all().collectList();
        return Mono.zip(byCountry, byAtc, byReason, months, freshness())
                .map(t -> new ShortageSummary(asOf, t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5()));
    }

    private Mono<List<ShortageSummary.Count>> counts(String sql) {
        return client.sql(sql).map(row -> new ShortageSummary.Count(string(row, "country"), string(row, "key"),
                longValue(row, "n"))).all().collectList();
    }

    private Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode node = json.readTree(text);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            fields.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asString());
        }
        return fields;
    }

    private Map<String, List<String>> changes(String text) {
        if (text == null) {
            return null;
        }
        Map<String, List<String>> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : json.readTree(text).properties()) {
            List<String> pair = new ArrayList<>();
            field.getValue().forEach(v -> pair.add(v.isNull() ? null : v.asString()));
            changes.put(field.getKey(), pair);
        }
        return changes;
    }

    private static ShortageReportView view(Readable row) {
        return new ShortageReportView(longValue(row, "id"), string(row, "source"), string(row, "source_key"),
                string(row, "country"), string(row, "report_type"), string(row, "source_status"),
                string(row, "lifecycle"), string(row, "din"), string(row, "package_ndc"), string(row, "product_ndc"),
                string(row, "brand_name"), string(row, "common_name"), string(row, "company_name"),
                string(row, "ingredients"), string(row, "atc_code"), string(row, "reason"),
                row.get("tier3", Boolean.class), date(row, "anticipated_start"), date(row, "actual_start"),
                date(row, "estimated_end"), date(row, "actual_end"), date(row, "discontinuation_date"),
                date(row, "source_created"), date(row, "source_updated"), bool(row, "listed"),
                date(row, "delisted_on"), row.get("version", Integer.class));
    }
}
