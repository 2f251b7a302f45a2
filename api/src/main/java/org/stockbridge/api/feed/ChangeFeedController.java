package org.stockbridge.api.feed;

import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.HeldOpen;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.PageRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.stockbridge.api.web.RequiresScope;

@RestController
@RequestMapping("/api/v1/changes")
@Tag(name = "Change feed", description = "Every change of movements, balances, policies, shortage reports and transfers, "
        + "in commit order, resumable")
class ChangeFeedController {

    static final int MAX_WAIT_SECONDS = 30;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final DatabaseClient client;
    private final Reads reads;
    private final ChangeSequencer sequencer;
    private final JsonMapper json;

    ChangeFeedController(DatabaseClient client, Reads reads, ChangeSequencer sequencer, JsonMapper json) {
        this.client = client;
        this.reads = reads;
        this.sequencer = sequencer;
        this.json = json;
    }

    /** One change. {@code payload} holds the changed resource as it is after the change. */
    record Change(long position, OffsetDateTime at, String kind, String key, JsonNode payload) {
    }

    /** A page of changes; pass {@code after} back to continue; {@code head} is the newest position there is. */
    record ChangePage(List<Change> items, long after, long head) {
    }

    /** The newest position, to start following from after reading a snapshot. */
    record Head(long position) {
    }

    @RequiresScope(Caller.READ)
    @HeldOpen(whenParameter = "wait")
    @GetMapping
    @Operation(operationId = "listChanges",
            summary = "Changes after a position, oldest first",
            description = "after is the last position you have (0 for the beginning); limit 1 to 500 (default 100). "
                    + "With wait=N (up to 30 s) an empty answer is held until a change arrives or N seconds pass "
                    + "(long poll). A partner sees the changes of its own sites only. Each movement change carries the "
                    + "line and its lot's balance (with version) right after it; apply balances by version." + Reads.MAY_LAG
                    + " A lagging replica never makes a follower skip a change: a page and its cursor come from one "
                    + "server, and the next page resumes where it ended.")
    Mono<ChangePage> changes(@RequestParam(required = false) Long after, @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) Integer wait, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            long from = position(after);
            int size = size(limit);
            int seconds = wait == null ? 0 : wait;
            if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
                throw new InvalidRequestException("wait", "wait must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
            }
            Mono<ChangePage> page = page(caller, from, size);
            if (seconds == 0) {
                return page;
            }
            // Held until a wake-up finds changes for this caller, or the wait runs out (then the page as it is).
            return page.flatMap(first -> !first.items().isEmpty() ? Mono.just(first)
                    : sequencer.ticks().onBackpressureLatest()
                            .concatMap(tick -> page(caller, from, size), 1)
                            .filter(next -> !next.items().isEmpty())
                            .next()
                            .take(Duration.ofSeconds(seconds))
                            .switchIfEmpty(page(caller, from, size)));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/head")
    @Operation(operationId = "getChangeFeedHead",
            summary = "The newest feed position")
    Mono<Head> head() {
        return head(client);
    }

    private static Mono<Head> head(DatabaseClient client) {
        return client.sql("SELECT coalesce(max(position), 0) AS head FROM change_event")
                .map(row -> new Head(longValue(row, "head"))).one();
    }

    @RequiresScope(Caller.READ)
    @HeldOpen
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamChanges",
            summary = "Changes as server-sent events, live",
            description = "Starts after the position given by the Last-Event-ID header (a reconnecting EventSource "
                    + "sends it) or the after parameter; each event's id is its position and its name the change kind. "
                    + "The stream opens with a comment line, and a comment line every 15 s keeps idle connections open."
                    + Reads.MAY_LAG)
    Flux<ServerSentEvent<Change>> stream(@RequestParam(required = false) Long after,
                                         @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                         ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        AtomicLong cursor = new AtomicLong(lastEventId != null && !lastEventId.isBlank() ? parseLastEventId(lastEventId)
                : position(after));
        Flux<ServerSentEvent<Change>> changes = Flux.merge(Flux.just(0L), sequencer.ticks(), Flux.interval(POLL))
                .onBackpressureDrop()
                .concatMap(signal -> drain(caller, cursor), 1);
        Flux<ServerSentEvent<Change>> heartbeats = Flux.interval(HEARTBEAT)
                .map(n -> ServerSentEvent.<Change>builder().comment("keep-alive").build());
        // a first comment commits the response at once, so a client knows the stream is open before any change comes
        Flux<ServerSentEvent<Change>> opened = Flux.just(ServerSentEvent.<Change>builder().comment("open").build());
        return Flux.concat(opened, Flux.merge(changes, heartbeats));
    }

    /** Every change after the cursor, page by page, moving the cursor along. */
    private Flux<ServerSentEvent<Change>> drain(Caller caller, AtomicLong cursor) {
        return page(caller, cursor.get(), PageRequest.MAX_LIMIT)
                .expand(page -> page.items().size() < PageRequest.MAX_LIMIT ? Mono.empty()
                        : page(caller, page.after(), PageRequest.MAX_LIMIT))
                .concatMapIterable(ChangePage::items)
                .map(change -> {
                    cursor.set(change.position());
                    return ServerSentEvent.builder(change).id(Long.toString(change.position())).event(change.kind())
                            .build();
                });
    }

    /**
     * The visible changes after a position. The head is read first, so every position up to it is already visible
     * when the changes are read: a page shorter than asked for has shown the caller everything up to the head, and its
     * cursor moves there, past the changes a partner may not see. A stored event that stands for several shortage
     * report changes (one per statement of an ingest, migration V42) is expanded into them, each at its own position.
     */
    private Mono<ChangePage> page(Caller caller, long after, int size) {
        // the head and the changes come from one server, so that the cursor never passes a change it has not shown
        DatabaseClient db = reads.client();
        return head(db).flatMap(head -> FilteredQuery.select("WITH e AS MATERIALIZED (SELECT position, span, at, kind, "
                        + "entity_key, payload, report_ids, report_versions FROM change_event")
                .where("position > :after", "after", after)
                .where("(site_id = ANY(:visibleSites) OR other_site_id = ANY(:visibleSites) "
                        + "OR (site_id IS NULL AND other_site_id IS NULL))", "visibleSites", caller.siteFilter())
                .then("ORDER BY position LIMIT :limit) "
                        + "SELECT position, at, kind, entity_key, payload::text AS payload FROM e "
                        + "WHERE report_ids IS NULL "
                        + "UNION ALL SELECT c.change_position, e.at, e.kind, c.change_key, c.change_payload::text "
                        + "FROM e "
                        + "CROSS JOIN LATERAL shortage_report_changes(e.position, e.span, e.report_ids, "
                        + "e.report_versions, :after, :limit) c WHERE e.report_ids IS NOT NULL "
                        + "ORDER BY 1 LIMIT :limit", "limit", size)
                .fetch(db, row -> new Change(longValue(row, "position"), timestamp(row, "at"), string(row, "kind"),
                        string(row, "entity_key"), json.readTree(string(row, "payload"))))
                .collectList()
                .map(found -> {
                    long last = found.isEmpty() ? after : found.get(found.size() - 1).position();
                    long next = found.size() < size ? Math.max(last, Math.max(after, head.position())) : last;
                    return new ChangePage(found, next, Math.max(head.position(), last));
                }));
    }

    private static long position(Long after) {
        long from = after == null ? 0 : after;
        if (from < 0) {
            throw new InvalidRequestException("after", "after must be a feed position, 0 or more");
        }
        return from;
    }

    private static long parseLastEventId(String value) {
        try {
            return position(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Last-Event-ID", "Last-Event-ID must be a feed position");
        }
    }

    private static int size(Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > PageRequest.MAX_LIMIT) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        return size;
    }
}
