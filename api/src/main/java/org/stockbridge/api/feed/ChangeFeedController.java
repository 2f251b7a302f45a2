package org.stockbridge.api.feed;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.HeldOpen;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/changes")
@Tag(name = "Change feed", description = "Every change of movements, balances, policies, shortage reports and transfers, "
        + "in commit order, resumable")
class ChangeFeedController {

    static final int MAX_WAIT_SECONDS = 30;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ChangeFeedRepository feed;
    private final ChangeSequencer sequencer;
    private final FeedLag lag;

    ChangeFeedController(ChangeFeedRepository feed, ChangeSequencer sequencer, FeedLag lag) {
        this.lag = lag;
        this.feed = feed;
        this.sequencer = sequencer;
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
            Mono<ChangePage> page = feed.page(caller.siteFilter(), from, size)
                    .flatMap(first -> first.items().isEmpty() && from > first.head()
                            ? notBeyondHead(from).thenReturn(first) : Mono.just(first))
                    .doOnNext(first -> lag.read(caller.client(), from, first.head()));
            if (seconds == 0) {
                return page;
            }
            // Held until a wake-up finds changes for this caller, or the wait runs out (then the page as it is).
            return page.flatMap(first -> !first.items().isEmpty() ? Mono.just(first)
                    : sequencer.ticks().onBackpressureLatest()
                            .concatMap(tick -> feed.page(caller.siteFilter(), from, size), 1)
                            .filter(next -> !next.items().isEmpty())
                            .next()
                            .take(Duration.ofSeconds(seconds))
                            .switchIfEmpty(feed.page(caller.siteFilter(), from, size)));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/head")
    @Operation(operationId = "getChangeFeedHead",
            summary = "The newest feed position")
    Mono<Head> head() {
        return feed.head();
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
        return notBeyondHead(cursor.get()).thenMany(Flux.concat(opened, Flux.merge(changes, heartbeats)));
    }

    /**
     * An error naming {@code after} when it lies beyond the newest position of the feed (read on the primary, so a
     * replica's lag is never taken for it): a position this feed never gave, which would leave a follower told it is
     * caught up and waiting for ever.
     */
    private Mono<Void> notBeyondHead(long after) {
        return feed.head().flatMap(head -> after <= head.position() ? Mono.<Void>empty()
                : Mono.error(new InvalidRequestException("after", "after " + after + " is beyond the newest feed "
                        + "position, " + head.position() + ": it is no position this feed gave")));
    }

    /** Every change after the cursor, page by page, moving the cursor along. */
    private Flux<ServerSentEvent<Change>> drain(Caller caller, AtomicLong cursor) {
        return feed.page(caller.siteFilter(), cursor.get(), PageRequest.MAX_LIMIT)
                .expand(page -> page.items().size() < PageRequest.MAX_LIMIT ? Mono.empty()
                        : feed.page(caller.siteFilter(), page.after(), PageRequest.MAX_LIMIT))
                .doOnNext(page -> lag.read(caller.client(), page.after(), page.head()))
                .concatMapIterable(ChangePage::items)
                .map(change -> {
                    cursor.set(change.position());
                    return ServerSentEvent.builder(change).id(Long.toString(change.position())).event(change.kind())
                            .build();
                });
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
