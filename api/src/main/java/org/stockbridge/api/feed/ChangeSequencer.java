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
 * time.
 */
@Component
class ChangeSequencer {

    private static final Logger log = LoggerFactory.getLogger(ChangeSequencer.class);

    private final DatabaseClient client;
    private final Sinks.Many<Long> assigned = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean running = new AtomicBoolean();

    ChangeSequencer(DatabaseClient client) {
        this.client = client;
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

    /** A signal each time new positions were assigned. */
    Flux<Long> ticks() {
        return assigned.asFlux();
    }
}
