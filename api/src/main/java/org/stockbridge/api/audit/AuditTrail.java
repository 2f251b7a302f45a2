package org.stockbridge.api.audit;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes audit rows. A change records itself inside its own transaction ({@link #applied}), so no change is ever kept
 * without its audit row; {@link AuditWebFilter} records every other state-changing request (refusals, failures,
 * replays) when its response is committed.
 */
@Service
public class AuditTrail {

    private final DatabaseClient client;
    private final JsonMapper json;

    AuditTrail(DatabaseClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** What the request around a change looked like, kept in the Reactor context by {@link AuditWebFilter}. */
    static final class RequestRecord {

        static final String KEY = RequestRecord.class.getName();

        final String method;
        final String path;
        final String query;
        final String idempotencyKey;
        final String remoteAddress;
        final String actorHeader;
        final AtomicBoolean recorded = new AtomicBoolean();

        RequestRecord(String method, String path, String query, String idempotencyKey, String remoteAddress,
                      String actorHeader) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.idempotencyKey = idempotencyKey;
            this.remoteAddress = remoteAddress;
            this.actorHeader = actorHeader;
        }
    }

    /**
     * Records the change the current request made, in the caller's transaction. {@code before} and {@code after} are
     * the changed resource's states (null where they do not apply).
     */
    public Mono<Void> applied(int status, String summary, Object before, Object after) {
        return Mono.deferContextual(context -> {
            RequestRecord request = context.<RequestRecord>getOrEmpty(RequestRecord.KEY).orElse(null);
            Caller caller = context.<Caller>getOrEmpty(Callers.ATTRIBUTE).orElse(null);
            if (request == null) {
                return Mono.empty();
            }
            return insert(request, caller, status, "APPLIED", summary, before, after)
                    .doOnSuccess(done -> request.recorded.set(true));
        });
    }

    /**
     * As {@link #applied}, unless the change already recorded itself (with its before and after) in this request.
     */
    public Mono<Void> appliedUnlessRecorded(int status, String summary) {
        return Mono.deferContextual(context -> {
            RequestRecord request = context.<RequestRecord>getOrEmpty(RequestRecord.KEY).orElse(null);
            return request != null && request.recorded.get() ? Mono.empty() : applied(status, summary, null, null);
        });
    }

    Mono<Void> insert(RequestRecord request, Caller caller, int status, String outcome, String summary, Object before,
                      Object after) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("""
                        INSERT INTO audit_event (client, actor, method, path, query, status, outcome, idempotency_key,
                                                 remote_address, summary, before_state, after_state)
                        VALUES (:client, :actor, :method, :path, :query, :status, :outcome, :key, :remote, :summary,
                                CAST(:before AS jsonb), CAST(:after AS jsonb))""")
                .bind("method", request.method)
                .bind("path", request.path)
                .bind("status", status)
                .bind("outcome", outcome);
        spec = nullable(spec, "client", caller == null ? null : caller.client());
        spec = nullable(spec, "actor", caller == null ? null : actor(caller, request.actorHeader));
        spec = nullable(spec, "query", request.query);
        spec = nullable(spec, "key", request.idempotencyKey);
        spec = nullable(spec, "remote", request.remoteAddress);
        spec = nullable(spec, "summary", summary == null ? null : truncate(summary, 500));
        spec = nullable(spec, "before", before == null ? null : json.writeValueAsString(before));
        spec = nullable(spec, "after", after == null ? null : json.writeValueAsString(after));
        return spec.then();
    }

    /** Writes a summary of refusals of requests without a verified caller ({@link RefusalSummaries}). */
    Mono<Void> summary(RefusalSummaries.Summary summary) {
        String[] request = summary.mostFrequent();
        DatabaseClient.GenericExecuteSpec spec = client.sql("""
                        INSERT INTO audit_event (method, path, status, outcome, remote_address, summary, occurrences,
                                                 first_at, last_at, requests)
                        VALUES (:method, :path, :status, 'REFUSED', :remote, :summary, :occurrences, :first, :last,
                                CAST(:requests AS jsonb))""")
                .bind("method", request[0])
                .bind("path", request[1])
                .bind("status", summary.status())
                .bind("summary", summary.occurrences() + " more refusals (" + summary.status() + ") of requests "
                        + "without a verified caller from " + (summary.remoteAddress() == null ? "further addresses"
                        : summary.remoteAddress()))
                .bind("occurrences", summary.occurrences())
                .bind("first", summary.firstAt().atOffset(java.time.ZoneOffset.UTC))
                .bind("last", summary.lastAt().atOffset(java.time.ZoneOffset.UTC))
                .bind("requests", json.writeValueAsString(summary.requests()));
        return nullable(spec, "remote", summary.remoteAddress()).then();
    }

    private static String actor(Caller caller, String header) {
        return header == null || header.isBlank() ? caller.client()
                : caller.client() + "/" + truncate(header.trim(), 100);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name,
                                                              String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }
}
