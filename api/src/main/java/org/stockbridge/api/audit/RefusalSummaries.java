package org.stockbridge.api.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.stockbridge.api.security.SecuritySettings;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Summarises the refusals (4xx) of state-changing requests that came without a verified caller (no token, a bad one,
 * or refused before any token was checked) instead of writing an audit row for each, which let anyone grow the
 * append-only audit table at will. Refusals of callers with a valid token (403 and the like) keep a row each.
 *
 * <p>They are tallied per remote address and status. The first refusal of an address and status that has no tally
 * yet is written at once as an ordinary row, with its full detail; the ones after it are counted. Every
 * {@code stockbridge.security.unauthenticated.audit-interval} (default one minute), and when the application stops,
 * each tally that counted something becomes one summary row: outcome {@code REFUSED}, {@code occurrences}, the
 * {@code first_at} and {@code last_at} of the refusals it counts, and in {@code requests} the {@code "METHOD path"}
 * seen with their counts (at most {@value #MAX_REQUESTS} distinct, the rest under {@code "other"}); its method and path
 * are those of its most frequent request, and {@code at} is when it was written. A tally that counted nothing in an
 * interval is dropped, so the next refusal from that address is written at once again. An address that is refused on
 * and on thus writes at most one row per status per interval. At most {@value #MAX_TALLIES} tallies are kept; refusals
 * from further addresses are tallied under no address.
 *
 * <p>Per process: each instance keeps and writes its own tallies, so the summaries of one address may come from
 * several instances. A summary not yet written is lost if the process dies without stopping.
 */
@Component
public class RefusalSummaries implements SmartLifecycle {

    static final int MAX_TALLIES = 10_000;
    static final int MAX_REQUESTS = 20;
    static final int MAX_PATH = 200;
    private static final Logger log = LoggerFactory.getLogger(RefusalSummaries.class);

    private final AuditTrail trail;
    private final Duration interval;
    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();
    private volatile Disposable periodic;

    RefusalSummaries(AuditTrail trail, SecuritySettings settings) {
        this.trail = trail;
        this.interval = settings.unauthenticated().auditInterval();
    }

    /** Whose refusals one tally counts. */
    record Key(String remoteAddress, int status) {
    }

    /** One summary row: the refusals of one address and status since its tally was last written. */
    record Summary(String remoteAddress, int status, long occurrences, Instant firstAt, Instant lastAt,
                   Map<String, Long> requests) {

        /** The most frequent request, as {@code [method, path]}. */
        String[] mostFrequent() {
            String top = requests.entrySet().stream().filter(e -> !e.getKey().equals(Tally.OTHER))
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("- -");
            int space = top.indexOf(' ');
            return new String[] {top.substring(0, space), top.substring(space + 1)};
        }
    }

    /** Counts refusals; changed only inside the map's atomic compute of its key. */
    private static final class Tally {

        static final String OTHER = "other";

        long count;
        Instant first;
        Instant last;
        final Map<String, Long> requests = new LinkedHashMap<>();

        void add(String request, Instant at) {
            count++;
            first = first == null ? at : first;
            last = at;
            String name = requests.containsKey(request) || requests.size() < MAX_REQUESTS ? request : OTHER;
            requests.merge(name, 1L, Long::sum);
        }

        Summary drain(Key key) {
            Summary summary = new Summary(key.remoteAddress(), key.status(), count, first, last,
                    Map.copyOf(requests));
            count = 0;
            first = null;
            last = null;
            requests.clear();
            return summary;
        }
    }

    /**
     * Takes note of a refusal of a request without a verified caller: completes once it is written, when it is the
     * first of its address and status, else at once (it is counted for the next summary).
     */
    Mono<Void> refused(AuditTrail.RequestRecord request, int status) {
        Key key = new Key(request.remoteAddress, status);
        if (!tallies.containsKey(key) && tallies.size() >= MAX_TALLIES) {
            key = new Key(null, status);
        }
        String name = request.method + " " + (request.path.length() <= MAX_PATH ? request.path
                : request.path.substring(0, MAX_PATH));
        Instant now = Instant.now();
        boolean[] first = {false};
        tallies.compute(key, (k, tally) -> {
            if (tally == null) {
                first[0] = true;
                return new Tally();
            }
            tally.add(name, now);
            return tally;
        });
        return first[0] ? trail.insert(request, null, status, "REFUSED", null, null, null) : Mono.empty();
    }

    /**
     * Writes a summary row for each tally that counted refusals since it was last written, and drops the tallies that
     * counted none. Runs every interval and when the application stops.
     */
    public Mono<Void> flush() {
        return Mono.defer(() -> {
            List<Summary> due = new ArrayList<>();
            for (Key key : tallies.keySet()) {
                tallies.computeIfPresent(key, (k, tally) -> {
                    if (tally.count == 0) {
                        return null;
                    }
                    due.add(tally.drain(k));
                    return tally;
                });
            }
            return Flux.fromIterable(due)
                    .concatMap(summary -> trail.summary(summary).onErrorResume(e -> {
                        log.error("could not write the audit summary of {} refusals ({}) from {} between {} and {}",
                                summary.occurrences(), summary.status(), summary.remoteAddress(), summary.firstAt(),
                                summary.lastAt(), e);
                        return Mono.empty();
                    }))
                    .then();
        });
    }

    @Override
    public void start() {
        periodic = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> flush())
                .subscribe();
    }

    @Override
    public void stop(Runnable callback) {
        Disposable running = periodic;
        periodic = null;
        if (running != null) {
            running.dispose();
        }
        flush().doFinally(signal -> callback.run()).subscribe();
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return periodic != null;
    }

    /** Stops after the web server (no refusal comes in after the last summary), before the database pool closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
