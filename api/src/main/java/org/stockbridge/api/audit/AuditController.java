package org.stockbridge.api.audit;

import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.RequiresScope;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "Every state-changing request; administrators only")
class AuditController {

    private static final Set<String> OUTCOMES = Set.of("APPLIED", "REPLAYED", "REFUSED", "FAILED");

    private final DatabaseClient client;
    private final JsonMapper json;

    AuditController(DatabaseClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /**
     * One audit row. A summary of refusals of requests without a verified caller stands for {@code occurrences} of
     * them from one remote address with one status, the first at {@code firstAt} and the last at {@code lastAt}, and
     * lists the {@code requests} seen ({@code "METHOD path"}: count); every other row stands for one request
     * (occurrences 1, the other three null).
     */
    record AuditEntry(long id, OffsetDateTime at, String client, String actor, String method, String path,
                      String query, int status, String outcome, String idempotencyKey, String remoteAddress,
                      String summary, JsonNode before, JsonNode after, long occurrences, OffsetDateTime firstAt,
                      OffsetDateTime lastAt, JsonNode requests) {
    }

    @RequiresScope(Caller.ADMIN)
    @GetMapping
    @Operation(operationId = "listAuditEvents",
            summary = "The audit log, newest first",
            description = "Filter by client, outcome (APPLIED, REPLAYED, REFUSED, FAILED), path prefix and time "
                    + "(from included, to excluded; ISO date-times or dates). Needs the admin scope. Cursor pagination.")
    Mono<Page<AuditEntry>> list(@RequestParam(required = false) String client,
                                @RequestParam(required = false) String outcome,
                                @RequestParam(required = false) String path,
                                @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) Integer limit) {
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            String wanted = RequestParameters.optionalText("outcome", outcome, 16);
            if (wanted != null && !OUTCOMES.contains(wanted.toUpperCase())) {
                throw new InvalidRequestException("outcome", "outcome must be one of " + OUTCOMES);
            }
            String prefix = RequestParameters.optionalText("path", path, 300);
            return FilteredQuery.select("SELECT * FROM audit_event")
                    .where("client = :client", "client", RequestParameters.optionalText("client", client, 200))
                    .where("outcome = :outcome", "outcome", wanted == null ? null : wanted.toUpperCase())
                    .where("path LIKE :path", "path", prefix == null ? null
                            : prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                    .where("at >= :from", "from", time("from", from, false))
                    .where("at < :to", "to", time("to", to, true))
                    .where("id < :after", "after", page.cursor().isStart() ? null : page.cursor().afterKey())
                    .then("ORDER BY id DESC LIMIT :limit", "limit", page.fetchSize())
                    .fetch(this.client, row -> new Keyed<>(longValue(row, "id"), new AuditEntry(longValue(row, "id"),
                            timestamp(row, "at"), string(row, "client"), string(row, "actor"), string(row, "method"),
                            string(row, "path"), string(row, "query"), ((Number) row.get("status")).intValue(),
                            string(row, "outcome"), string(row, "idempotency_key"), string(row, "remote_address"),
                            string(row, "summary"), node(row.get("before_state")), node(row.get("after_state")),
                            longValue(row, "occurrences"), timestamp(row, "first_at"), timestamp(row, "last_at"),
                            node(row.get("requests")))))
                    .collectList()
                    .map(rows -> Page.of(rows, page));
        });
    }

    private JsonNode node(Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof io.r2dbc.postgresql.codec.Json j ? j.asString() : value.toString();
        return json.readTree(text);
    }

    private static OffsetDateTime time(String name, String value, boolean endOfDay) {
        String text = RequestParameters.optionalText(name, value, 40);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                java.time.LocalDate day = java.time.LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidRequestException(name, name + " must be an ISO date or date-time, was " + text);
        }
    }
}
