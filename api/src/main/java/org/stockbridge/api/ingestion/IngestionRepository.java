package org.stockbridge.api.ingestion;

import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.nullableLong;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.batch.format.SourceFormat;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of ingestion runs and their rejected records. */
@Repository
class IngestionRepository {

    private final DatabaseClient client;

    IngestionRepository(DatabaseClient client) {
        this.client = client;
    }

    Mono<IngestionView> find(long id) {
        return client.sql("SELECT * FROM ingestion_run WHERE id = :id").bind("id", id)
                .map(row -> {
                    SourceFormat format = SourceFormat.valueOf(string(row, "format"));
                    return new IngestionView(longValue(row, "id"), string(row, "file_name"), string(row, "sha256"),
                            longValue(row, "size_bytes"), format.name(), format.description(),
                            date(row, "snapshot_date"), string(row, "status"), string(row, "message"),
                            new IngestionView.Counts(longValue(row, "read_count"), longValue(row, "inserted_count"),
                                    longValue(row, "updated_count"), longValue(row, "unchanged_count"),
                                    longValue(row, "rejected_count"), longValue(row, "closed_count"),
                                    nullableLong(row, "linked_count"), nullableLong(row, "unmatched_count")),
                            timestamp(row, "requested_at"), timestamp(row, "started_at"), timestamp(row, "finished_at"));
                })
                .one();
    }

    record Reject(long recordNumber, Long lineNumber, String reason, String raw) {
    }

    Flux<Keyed<Reject>> rejects(long runId, PageRequest page) {
        return FilteredQuery.select("SELECT record_number, line_number, reason, raw FROM ingestion_reject")
                .where("run_id = :run", "run", runId)
                .where("record_number > :after", "after", page.cursor().afterKey())
                .then("ORDER BY record_number LIMIT :limit", "limit", page.fetchSize())
                .fetch(client, row -> new Keyed<>(longValue(row, "record_number"), new Reject(
                        longValue(row, "record_number"), nullableLong(row, "line_number"), string(row, "reason"),
                        string(row, "raw"))));
    }
}
