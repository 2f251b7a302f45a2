package org.stockbridge.batch.shortage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.stockbridge.batch.ingest.IngestionRuns;
import org.stockbridge.batch.ingest.PgBinaryCopy;
import org.stockbridge.batch.ingest.SourceRecord;
import org.stockbridge.domain.shortage.ReportFields;
import org.stockbridge.domain.shortage.ReportMerge;
import org.stockbridge.domain.shortage.ShortageReport;
import org.stockbridge.domain.shortage.ShortageSource;

/**
 * Writes one chunk in its transaction: new reports (version 1, recorded on the report row) by binary COPY, their ids
 * given by the table's identity; changed reports updated with a version row that names what changed; unchanged
 * reports only marked as seen (a key met twice in the chunk makes a new report and its version: such a chunk takes
 * ids from the sequence first); refused records into the reject table; and the run's counts. Reports are looked up by
 * their source key once per chunk (a key met twice in a chunk is merged in order), except while the source holds no
 * report but those this step wrote (a first ingest): then only those keys are looked up. Links are made once per
 * run, after the last chunk ({@link ShortageLinks}).
 */
class ShortageReportWriter implements ItemWriter<IngestItem> {

    static final List<String> REPORT_COLUMNS = List.of("id", "source", "source_key", "country", "report_type",
            "source_status", "lifecycle", "din", "package_ndc", "product_ndc", "brand_name", "common_name",
            "company_name", "ingredients", "moieties", "atc_code", "reason", "tier3", "anticipated_start",
            "actual_start", "estimated_end", "actual_end", "anticipated_discontinuation", "discontinuation_date",
            "source_created", "source_updated", "listed", "delisted_on", "last_snapshot", "details", "version",
            "first_run_id", "last_run_id", "changed_run_id");
    /** The columns of a new report: all but its id, which the table's identity gives. */
    private static final List<String> NEW_REPORT_COLUMNS = REPORT_COLUMNS.subList(1, REPORT_COLUMNS.size());
    private static final List<String> VERSION_COLUMNS = List.of("report_id", "version", "run_id", "kind", "changes");
    private static final List<String> REJECT_COLUMNS = List.of("run_id", "file_name", "record_number", "line_number",
            "raw", "reason");
    /** The columns a new version of a stored report replaces (all but its identity and first run). */
    private static final List<String> UPDATED_COLUMNS = REPORT_COLUMNS.stream().filter(c -> !List.of("id", "source",
            "source_key", "country", "first_run_id").contains(c)).toList();

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final IngestionRuns runs;
    private final long runId;
    private final ShortageSource source;
    private final String fileName;
    private final LocalDate snapshot;
    /**
     * The keys this step wrote, while the source holds no other report (a first ingest: checked at the first chunk,
     * then at every chunk whether another run of the source has stored reports since, which the runs' counts tell
     * without counting the reports): no other key can be stored, so only these are looked up. Null when every key is
     * looked up. Two runs storing the same key at the same moment still cannot both keep it: the unique key refuses
     * the second chunk, which fails its run.
     */
    private java.util.Set<String> written;
    /** When this step first looked at the source (database time); null before its first chunk. */
    private java.sql.Timestamp since;

    ShortageReportWriter(DataSource dataSource, IngestionRuns runs, long runId, ShortageSource source, String fileName,
                         LocalDate snapshot) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.runs = runs;
        this.runId = runId;
        this.source = source;
        this.fileName = fileName;
        this.snapshot = snapshot;
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
        if (since == null) {
            // a first ingest: the source holds no report (the time is read before the check's snapshot is taken)
            since = jdbc.queryForObject("SELECT statement_timestamp()", java.sql.Timestamp.class);
            boolean empty = Boolean.TRUE.equals(jdbc.queryForObject("SELECT NOT EXISTS (SELECT 1 FROM shortage_report "
                    + "WHERE source = ?)", Boolean.class, source.name()));
            written = empty ? new java.util.HashSet<>() : null;
        } else if (written != null && runs.othersInserted(runId, source, since)) {
            // another run stored reports of the same source since this step began: look up every key from now on
            written = null;
        }
        Map<String, State> states = stored(written == null ? keys : keys.stream().filter(written::contains).toList());
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
            versions.add(new Object[] {state, state.version, relisted ? "RELISTED" : "UPDATED", ReportRowCodec.changes(merge.changes())});
        }
        writeReports(touched, versions);
        if (written != null) {
            for (State state : touched) {
                if (state.created) {
                    written.add(state.report.sourceKey());
                }
            }
        }
        writeRejects(rejected);
        keepListedDespiteRejects(rejected);
        runs.count(runId, inserted, updated, unchanged, rejected.size());
    }

    /**
     * A full snapshot's record that cannot be read still shows that the snapshot lists its package: the reports of
     * that package NDC are marked as seen by this run, so that closing what the snapshot no longer lists does not
     * close them for want of a readable record (they are neither changed nor relisted).
     */
    private void keepListedDespiteRejects(List<IngestItem.Rejected> rejected) {
        if (snapshot == null || source != ShortageSource.FDA) {
            return;
        }
        List<String> packages = rejected.stream().map(r -> r.record().values().get("package_ndc"))
                .filter(ndc -> ndc != null && !ndc.isBlank() && SourceRecord.storable(ndc)).map(String::trim)
                .distinct().toList();
        if (!packages.isEmpty()) {
            markSeen("source = 'FDA' AND listed AND package_ndc = ANY (?)", "text", packages);
        }
    }

    /**
     * Marks reports as seen by this run, changing no version: its run as their last, and its snapshot as their last
     * unless they have a later one. {@code where} selects them with one array parameter of {@code type}.
     */
    private void markSeen(String where, String type, List<?> keys) {
        jdbc.update(con -> {
            var statement = con.prepareStatement("UPDATE shortage_report SET last_run_id = ?, "
                    + "last_snapshot = greatest(last_snapshot, ?) WHERE " + where);
            statement.setLong(1, runId);
            statement.setObject(2, snapshot == null ? null : java.sql.Date.valueOf(snapshot), java.sql.Types.DATE);
            statement.setArray(3, con.createArrayOf(type, keys.toArray()));
            return statement;
        });
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
                state.report = new ShortageReport(source, rs.getString("source_key"), ReportRowCodec.fields(rs));
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
            // a key met twice in the chunk makes a new report with a version row, which needs the report's id
            boolean ids = created.stream().anyMatch(s -> s.changed);
            if (ids) {
                List<Long> allocated = jdbc.queryForList("SELECT nextval(pg_get_serial_sequence('shortage_report', "
                        + "'id')) FROM generate_series(1, ?)", Long.class, created.size());
                for (int i = 0; i < created.size(); i++) {
                    created.get(i).id = allocated.get(i);
                }
            }
            try (PgBinaryCopy copy = PgBinaryCopy.start(dataSource, "shortage_report",
                    ids ? REPORT_COLUMNS : NEW_REPORT_COLUMNS)) {
                for (State state : created) {
                    row(ids ? copy.row().int8(state.id) : copy.row(), state);
                }
                copy.finish();
            }
        }
        List<State> changed = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        for (State state : touched) {
            if (state.changed && !state.created) {
                changed.add(state);
            } else if (!state.created) {
                seen.add(state.id);
            }
        }
        if (!changed.isEmpty()) {
            jdbc.execute("CREATE TEMPORARY TABLE IF NOT EXISTS shortage_report_update_stage (LIKE shortage_report "
                    + "INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
            try (PgBinaryCopy copy = PgBinaryCopy.start(dataSource, "shortage_report_update_stage", REPORT_COLUMNS)) {
                for (State state : changed) {
                    row(copy.row().int8(state.id), state);
                }
                copy.finish();
            }
            jdbc.update("UPDATE shortage_report r SET " + UPDATED_COLUMNS.stream().map(c -> c + " = c." + c)
                    .collect(java.util.stream.Collectors.joining(", "))
                    + " FROM shortage_report_update_stage c WHERE r.id = c.id");
        }
        if (!seen.isEmpty()) {
            markSeen("id = ANY (?)", "bigint", seen);
        }
        if (!versions.isEmpty()) {
            try (PgBinaryCopy copy = PgBinaryCopy.start(dataSource, "shortage_report_version", VERSION_COLUMNS)) {
                for (Object[] version : versions) {
                    copy.row().int8(((State) version[0]).id).int4((Integer) version[1]).int8(runId)
                            .text((String) version[2]).jsonb((byte[]) version[3]);
                }
                copy.finish();
            }
        }
    }

    /** The columns of one report after its id, in {@link #REPORT_COLUMNS} order, on a row already begun. */
    private void row(PgBinaryCopy copy, State state) {
        ShortageReport r = state.report;
        copy.text(source.name()).text(r.sourceKey()).text(r.country().name())
                .text(r.text(ReportFields.TYPE)).text(r.sourceStatus()).text(r.text(ReportFields.LIFECYCLE))
                .text(r.text(ReportFields.DIN)).text(r.text(ReportFields.PACKAGE_NDC))
                .text(r.text(ReportFields.PRODUCT_NDC)).text(r.text(ReportFields.BRAND_NAME))
                .text(r.text(ReportFields.COMMON_NAME)).text(r.text(ReportFields.COMPANY_NAME))
                .text(r.text(ReportFields.INGREDIENTS)).text(state.moieties).text(r.text(ReportFields.ATC_CODE))
                .text(r.text(ReportFields.REASON)).bool(r.flag(ReportFields.TIER3))
                .date(r.date(ReportFields.ANTICIPATED_START)).date(r.date(ReportFields.ACTUAL_START))
                .date(r.date(ReportFields.ESTIMATED_END)).date(r.date(ReportFields.ACTUAL_END))
                .date(r.date(ReportFields.ANTICIPATED_DISCONTINUATION))
                .date(r.date(ReportFields.DISCONTINUATION_DATE)).date(r.date(ReportFields.CREATED))
                .date(r.date(ReportFields.UPDATED)).bool(r.listed()).date(r.date(ReportFields.DELISTED_ON))
                .date(state.lastSnapshot).jsonb(ReportRowCodec.json(r)).int4(state.version).int8(runId).int8(runId).int8(runId);
    }

    private void writeRejects(List<IngestItem.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        try (PgBinaryCopy copy = PgBinaryCopy.start(dataSource, "ingestion_reject", REJECT_COLUMNS)) {
            for (IngestItem.Rejected r : rejected) {
                copy.row().int8(runId).text(fileName).int8(r.record().number()).int8(r.record().line())
                        .text(r.record().raw() == null ? "" : r.record().raw()).text(r.reason());
            }
            copy.finish();
        }
    }
}
