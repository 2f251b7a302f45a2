package org.stockbridge.batch.shortage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.stockbridge.batch.ingest.IngestionRuns;
import org.stockbridge.batch.ingest.PgCopy;
import org.stockbridge.domain.shortage.FieldChange;
import org.stockbridge.domain.shortage.ReportFields;
import org.stockbridge.domain.shortage.ReportMerge;
import org.stockbridge.domain.shortage.ShortageReport;
import org.stockbridge.domain.shortage.ShortageSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one chunk in its transaction: new reports (version 1, recorded on the report row) by COPY, changed reports
 * updated with a version row that names what changed, unchanged reports only marked as seen, refused records into the reject table, and the run's
 * counts, and the links of new and changed reports. Reports are looked up by their source key once per chunk; a key met twice in a chunk is merged in order.
 */
class ShortageReportWriter implements ItemWriter<IngestItem> {

    static final List<String> REPORT_COLUMNS = List.of("id", "source", "source_key", "country", "report_type",
            "source_status", "lifecycle", "din", "package_ndc", "product_ndc", "brand_name", "common_name",
            "company_name", "ingredients", "moieties", "atc_code", "reason", "tier3", "anticipated_start",
            "actual_start", "estimated_end", "actual_end", "anticipated_discontinuation", "discontinuation_date",
            "source_created", "source_updated", "listed", "delisted_on", "last_snapshot", "details", "version",
            "first_run_id", "last_run_id", "changed_run_id");
    private static final List<String> VERSION_COLUMNS = List.of("report_id", "version", "run_id", "kind", "changes");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final IngestionRuns runs;
    private final long runId;
    private final ShortageSource source;
    private final String fileName;
    private final LocalDate snapshot;
    private final ShortageLinks links;

    ShortageReportWriter(DataSource dataSource, IngestionRuns runs, long runId, ShortageSource source, String fileName,
                         LocalDate snapshot) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.runs = runs;
        this.runId = runId;
        this.source = source;
        this.fileName = fileName;
        this.snapshot = snapshot;
        this.links = new ShortageLinks(dataSource);
    }

    private static final class State {
        Long id;
        ShortageReport report;
        String moieties;
        int version;
        boolean created;
        boolean changed;
        LocalDate lastSnapshot;
    }

    @Override
    public void write(Chunk<? extends IngestItem> chunk) throws SQLException {
        List<IngestItem.Rejected> rejected = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (IngestItem item : chunk) {
            if (item instanceof IngestItem.Accepted a) {
                keys.add(a.report().sourceKey());
            } else {
                rejected.add((IngestItem.Rejected) item);
            }
        }
        Map<String, State> states = stored(keys);
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        List<Object[]> versions = new ArrayList<>();
        java.util.Set<State> touched = new java.util.LinkedHashSet<>();
        for (IngestItem item : chunk) {
            if (!(item instanceof IngestItem.Accepted accepted)) {
                continue;
            }
            ShortageReport incoming = accepted.report();
            State state = states.get(incoming.sourceKey());
            if (state == null) {
                state = new State();
                state.report = incoming;
                state.moieties = accepted.moieties();
                state.version = 1;
                state.created = true;
                state.lastSnapshot = snapshot;
                states.put(incoming.sourceKey(), state);
                touched.add(state);
                inserted++;
                continue;
            }
            touched.add(state);
            boolean olderSnapshot = snapshot != null && state.lastSnapshot != null && snapshot.isBefore(state.lastSnapshot);
            ReportMerge merge = olderSnapshot ? null : ReportMerge.of(state.report, incoming);
            if (merge == null || merge.unchanged()) {
                unchanged++;
                if (!olderSnapshot && snapshot != null) {
                    state.lastSnapshot = snapshot;
                }
                continue;
            }
            updated++;
            boolean relisted = merge.changes().stream().anyMatch(c -> c.field().equals(ReportFields.LISTED)
                    && "true".equals(c.after()));
            state.report = merge.merged();
            state.moieties = accepted.moieties();
            state.version++;
            state.changed = true;
            if (snapshot != null) {
                state.lastSnapshot = snapshot;
            }
            versions.add(new Object[] {state, state.version, relisted ? "RELISTED" : "UPDATED", changes(merge.changes())});
        }
        writeReports(touched, versions);
        writeRejects(rejected);
        runs.count(runId, inserted, updated, unchanged, rejected.size());
    }

    private Map<String, State> stored(List<String> keys) throws SQLException {
        Map<String, State> states = new HashMap<>();
        if (keys.isEmpty()) {
            return states;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Array array = connection.createArrayOf("text", keys.toArray());
            jdbc.query("SELECT r.* , r.details::text AS details_text FROM unnest(?::text[]) AS k(source_key) "
                    + "JOIN shortage_report r ON r.source = ? AND r.source_key = k.source_key", rs -> {
                State state = new State();
                state.id = rs.getLong("id");
                state.report = new ShortageReport(source, rs.getString("source_key"), fields(rs));
                state.version = rs.getInt("version");
                java.sql.Date last = rs.getDate("last_snapshot");
                state.lastSnapshot = last == null ? null : last.toLocalDate();
                state.moieties = rs.getString("moieties");
                states.put(state.report.sourceKey(), state);
            }, array, source.name());
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return states;
    }

    private void writeReports(java.util.Collection<State> touched, List<Object[]> versions) {
        List<State> created = touched.stream().filter(s -> s.created).toList();
        if (!created.isEmpty()) {
            List<Long> ids = jdbc.queryForList("SELECT nextval(pg_get_serial_sequence('shortage_report', 'id')) "
                    + "FROM generate_series(1, ?)", Long.class, created.size());
            for (int i = 0; i < created.size(); i++) {
                created.get(i).id = ids.get(i);
            }
        }
        List<Object[]> newRows = new ArrayList<>();
        List<Object[]> changedRows = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        for (State state : touched) {
            if (state.created) {
                newRows.add(row(state));
            } else if (state.changed) {
                changedRows.add(update(state));
            } else {
                seen.add(state.id);
            }
        }
        PgCopy.copy(dataSource, "shortage_report", REPORT_COLUMNS, newRows);
        if (!changedRows.isEmpty()) {
            jdbc.batchUpdate("UPDATE shortage_report SET report_type = ?, source_status = ?, lifecycle = ?, din = ?, "
                    + "package_ndc = ?, product_ndc = ?, brand_name = ?, common_name = ?, company_name = ?, "
                    + "ingredients = ?, moieties = ?, atc_code = ?, reason = ?, tier3 = ?, anticipated_start = ?, "
                    + "actual_start = ?, estimated_end = ?, actual_end = ?, anticipated_discontinuation = ?, "
                    + "discontinuation_date = ?, source_created = ?, source_updated = ?, listed = ?, delisted_on = ?, "
                    + "last_snapshot = ?, details = ?::jsonb, version = ?, last_run_id = ?, changed_run_id = ? "
                    + "WHERE id = ?", changedRows);
        }
        if (!seen.isEmpty()) {
            jdbc.update(con -> {
                var statement = con.prepareStatement("UPDATE shortage_report SET last_run_id = ?, "
                        + "last_snapshot = greatest(last_snapshot, ?) WHERE id IN (SELECT unnest(?::bigint[]))");
                statement.setLong(1, runId);
                statement.setObject(2, snapshot == null ? null : java.sql.Date.valueOf(snapshot), java.sql.Types.DATE);
                statement.setArray(3, con.createArrayOf("bigint", seen.toArray()));
                return statement;
            });
        }
        List<Object[]> versionRows = new ArrayList<>();
        for (Object[] version : versions) {
            State state = (State) version[0];
            versionRows.add(new Object[] {state.id, version[1], runId, version[2], version[3]});
        }
        PgCopy.copy(dataSource, "shortage_report_version", VERSION_COLUMNS, versionRows);
        List<Long> relink = new ArrayList<>();
        for (State state : touched) {
            if (state.created || state.changed) {
                relink.add(state.id);
            }
        }
        links.link(relink);
    }

    private Object[] row(State state) {
        ShortageReport r = state.report;
        List<Object> row = new ArrayList<>(REPORT_COLUMNS.size());
        row.add(state.id);
        row.add(source.name());
        row.add(r.sourceKey());
        row.add(r.country().name());
        row.addAll(content(state));
        row.add(json(r));
        row.add(state.version);
        row.add(runId);
        row.add(runId);
        row.add(runId);
        return row.toArray();
    }

    private Object[] update(State state) {
        List<Object> row = new ArrayList<>(content(state));
        row.add(json(state.report));
        row.add(state.version);
        row.add(runId);
        row.add(runId);
        row.add(state.id);
        for (int i = 0; i < row.size(); i++) {
            if (row.get(i) instanceof LocalDate date) {
                row.set(i, java.sql.Date.valueOf(date));
            }
        }
        return row.toArray();
    }

    /** The typed columns from report_type to last_snapshot, in {@link #REPORT_COLUMNS} order. */
    private List<Object> content(State state) {
        ShortageReport r = state.report;
        List<Object> values = new ArrayList<>();
        values.add(r.type().name());
        values.add(r.sourceStatus());
        values.add(r.lifecycle().name());
        values.add(r.text(ReportFields.DIN));
        values.add(r.text(ReportFields.PACKAGE_NDC));
        values.add(r.text(ReportFields.PRODUCT_NDC));
        values.add(r.text(ReportFields.BRAND_NAME));
        values.add(r.text(ReportFields.COMMON_NAME));
        values.add(r.text(ReportFields.COMPANY_NAME));
        values.add(r.text(ReportFields.INGREDIENTS));
        values.add(state.moieties);
        values.add(r.text(ReportFields.ATC_CODE));
        values.add(r.text(ReportFields.REASON));
        values.add(r.flag(ReportFields.TIER3));
        values.add(r.date(ReportFields.ANTICIPATED_START));
        values.add(r.date(ReportFields.ACTUAL_START));
        values.add(r.date(ReportFields.ESTIMATED_END));
        values.add(r.date(ReportFields.ACTUAL_END));
        values.add(r.date(ReportFields.ANTICIPATED_DISCONTINUATION));
        values.add(r.date(ReportFields.DISCONTINUATION_DATE));
        values.add(r.date(ReportFields.CREATED));
        values.add(r.date(ReportFields.UPDATED));
        values.add(r.listed());
        values.add(r.date(ReportFields.DELISTED_ON));
        values.add(state.lastSnapshot);
        return values;
    }

    private void writeRejects(List<IngestItem.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (IngestItem.Rejected r : rejected) {
            rows.add(new Object[] {runId, fileName, r.record().number(), r.record().line(),
                    r.record().raw() == null ? "" : r.record().raw(), r.reason()});
        }
        jdbc.batchUpdate("INSERT INTO ingestion_reject (run_id, file_name, record_number, line_number, raw, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?)", rows);
    }

    /** The fields kept in {@code details}: those without a column of their own. */
    static String json(ShortageReport report) {
        ObjectNode node = JSON.createObjectNode();
        report.fields().forEach((field, value) -> {
            if (!COLUMN_OF.containsKey(field)) {
                node.put(field, value);
            }
        });
        return node.toString();
    }

    /** The fields that have a column of their own, and the column. */
    static final Map<String, String> COLUMN_OF = Map.ofEntries(Map.entry(ReportFields.TYPE, "report_type"),
            Map.entry(ReportFields.STATUS, "source_status"), Map.entry(ReportFields.LIFECYCLE, "lifecycle"),
            Map.entry(ReportFields.DIN, "din"), Map.entry(ReportFields.PACKAGE_NDC, "package_ndc"),
            Map.entry(ReportFields.PRODUCT_NDC, "product_ndc"), Map.entry(ReportFields.BRAND_NAME, "brand_name"),
            Map.entry(ReportFields.COMMON_NAME, "common_name"), Map.entry(ReportFields.COMPANY_NAME, "company_name"),
            Map.entry(ReportFields.INGREDIENTS, "ingredients"), Map.entry(ReportFields.ATC_CODE, "atc_code"),
            Map.entry(ReportFields.REASON, "reason"), Map.entry(ReportFields.TIER3, "tier3"),
            Map.entry(ReportFields.ANTICIPATED_START, "anticipated_start"),
            Map.entry(ReportFields.ACTUAL_START, "actual_start"), Map.entry(ReportFields.ESTIMATED_END, "estimated_end"),
            Map.entry(ReportFields.ACTUAL_END, "actual_end"),
            Map.entry(ReportFields.ANTICIPATED_DISCONTINUATION, "anticipated_discontinuation"),
            Map.entry(ReportFields.DISCONTINUATION_DATE, "discontinuation_date"),
            Map.entry(ReportFields.CREATED, "source_created"), Map.entry(ReportFields.UPDATED, "source_updated"),
            Map.entry(ReportFields.LISTED, "listed"), Map.entry(ReportFields.DELISTED_ON, "delisted_on"));

    /** A stored report's fields: its columns (null when empty) and its details. */
    static Map<String, String> fields(java.sql.ResultSet rs) throws SQLException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> column : COLUMN_OF.entrySet()) {
            Object value = rs.getObject(column.getValue());
            fields.put(column.getKey(), value == null ? null : value.toString());
        }
        fields.putAll(fields(rs.getString("details_text")));
        return fields;
    }

    static String changes(List<FieldChange> changes) {
        ObjectNode node = JSON.createObjectNode();
        for (FieldChange change : changes) {
            ArrayNode pair = node.putArray(change.field());
            pair.add(change.before());
            pair.add(change.after());
        }
        return node.toString();
    }

    static Map<String, String> fields(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode node = JSON.readTree(json);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            fields.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asString());
        }
        return fields;
    }
}
