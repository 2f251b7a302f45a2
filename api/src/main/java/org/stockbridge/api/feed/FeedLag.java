package org.stockbridge.api.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How far behind each partner is: the feed's head position minus the last cursor the client read from (its
 * {@code after} on a page, or how far its stream has got). A gauge {@code stockbridge.feed.lag} per client, as seen
 * by this replica; the head is refreshed every 15 s and whenever a page is read, so the lag of a client that stopped
 * reading keeps growing. A client appears after its first read on this replica; take the minimum over the replicas.
 */
@Component
class FeedLag {

    static final String LAG = "stockbridge.feed.lag";

    private static final Logger log = LoggerFactory.getLogger(FeedLag.class);

    private final ChangeFeedRepository feed;
    private final MeterRegistry registry;
    private final AtomicLong head = new AtomicLong();
    private final Map<String, AtomicLong> cursors = new ConcurrentHashMap<>();

    FeedLag(ChangeFeedRepository feed, MeterRegistry registry) {
        this.feed = feed;
        this.registry = registry;
        Gauge.builder("stockbridge.feed.head", head, AtomicLong::get)
                .description("The newest change-feed position this replica has seen").register(registry);
    }

    /** A client's read reached {@code cursor} while the head was at {@code seenHead}. */
    void read(String client, long cursor, long seenHead) {
        head.accumulateAndGet(seenHead, Math::max);
        cursors.computeIfAbsent(client, this::register).set(cursor);
    }

    @Scheduled(fixedDelayString = "PT15S", initialDelayString = "PT15S")
    void refreshHead() {
        feed.head().subscribe(h -> head.accumulateAndGet(h.position(), Math::max),
                e -> log.debug("could not read the change-feed head", e));
    }

    private AtomicLong register(String client) {
        AtomicLong cursor = new AtomicLong();
        Gauge.builder(LAG, cursor, c -> Math.max(0, head.get() - c.get()))
                .description("Change-feed head position minus the client's last cursor")
                .tag("client", client)
                .register(registry);
        return cursor;
    }
}
