package org.stockbridge.api.audit;

import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import io.r2dbc.postgresql.codec.Json;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.persistence.Like;
import org.stockbridge.api.web.PageRequest;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads of the audit log, newest first. */
@Repository
class AuditRepository {

    /** What to list: each null filter is left out; {@code pathPrefix} matches literally. */
    record AuditFilter(String client, String outcome, String pathPrefix, OffsetDateTime from, OffsetDateTime to) {
    }

    private final DatabaseClient client;
    private final JsonMapper json;

    AuditRepository(DatabaseClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    Flux<Keyed<AuditEntry>> find(AuditFilter filter, PageRequest page) {
        return FilteredQuery.select("SELECT * FROM audit_event")
                .where("client = :client", "client", filter.client())
                .where("outcome = :outcome", "outcome", filter.outcome())
                .where("path LIKE :path", "path", Like.prefix(filter.pathPrefix()))
                .where("at >= :from", "from", filter.from())
                .where("at < :to", "to", filter.to())
                .where("id < :after", "after", page.cursor().isStart() ? null : page.cursor().afterKey())
                .then("ORDER BY id DESC LIMIT :limit", "limit", page.fetchSize())
                .fetch(client, row -> new Keyed<>(longValue(row, "id"), new AuditEntry(
                        longValue(row, "id"), timestamp(row, "at"), string(row, "client"), string(row, "actor"),
                        string(row, "method"), string(row, "path"), string(row, "query"),
                        ((Number) row.get("status")).intValue(), string(row, "outcome"),
                        string(row, "idempotency_key"), string(row, "remote_address"), string(row, "summary"),
                        node(row.get("before_state")), node(row.get("after_state")), longValue(row, "occurrences"),
                        timestamp(row, "first_at"), timestamp(row, "last_at"), node(row.get("requests")))));
    }

    private JsonNode node(Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof Json j ? j.asString() : value.toString();
        return json.readTree(text);
    }
}
