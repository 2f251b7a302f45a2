package org.stockbridge.api.feed;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Gives committed change events their feed positions ({@code assign_change_positions()}, several times a second) and
 * tells waiting followers when new positions exist. Several instances may run it; the database lets one assign at a
 * time (an advisory lock taken by the function, {@code FleetLock.CHANGE_SEQUENCER}), so the positions a follower of
 * this instance waits for are often assigned by another: the wake-ups come from the database's {@code NOTIFY}
 * ({@link ChangeNotifications}), and only while that is not listening from this instance's own assignments and a poll
 * every {@link #FALLBACK_POLL}.
 */
@Component
public class ChangeSequencer {

    private static final Logger log = LoggerFactory.getLogger(ChangeSequencer.class);

    static final Duration FALLBACK_POLL = Duration.ofSeconds(1);

    private final DatabaseClient client;
    private final ChangeNotifications notifications;
    private final Sinks.Many<Long> assigned = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean running = new AtomicBoolean();

    ChangeSequencer(DatabaseClient client, ChangeNotifications notifications) {
        this.client = client;
        this.notifications = notifications;
    }

    @Scheduled(fixedDelayString = "${stockbridge.feed.sequencer-interval:PT0.2S}", initialDelayString = "PT1S")
    void assign() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        client.sql("SELECT assign_change_positions() AS assigned")
                .map(row -> ((Number) row.get("assigned")).longValue())
                .one()
                .timeout(Duration.ofSeconds(30))
                .doFinally(signal -> running.set(false))
                .subscribe(count -> {
                    if (count > 0) {
                        assigned.tryEmitNext(count);
                    }
                }, error -> log.debug("change positions not assigned this round: {}", error.getMessage()));
    }

    /**
     * A signal each time new positions were assigned by any instance; while the notifications are not heard, each time
     * this instance assigned some and every {@link #FALLBACK_POLL}. Followers of the feed inside the service (the alert
     * evaluator) wake on it too.
     */
    public Flux<Long> ticks() {
        return Flux.merge(notifications.ticks(),
                assigned.asFlux().filter(count -> !notifications.listening()),
                Flux.interval(FALLBACK_POLL, FALLBACK_POLL).filter(tick -> !notifications.listening()));
    }
}
