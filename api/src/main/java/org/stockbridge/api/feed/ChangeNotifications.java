package org.stockbridge.api.feed;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.stockbridge.api.persistence.Connections;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Hears, on a connection of its own outside the pool, the {@code NOTIFY} that {@code assign_change_positions()} sends
 * when it numbers changes (migration R__change_feed_sequencer), whichever replica of the service ran it, and passes each on as a wake-up
 * for this replica's waiting followers. The connection ({@value #APPLICATION_NAME} in {@code pg_stat_activity})
 * {@code LISTEN}s on {@value #CHANNEL}; it is checked with a
 * query every {@link #CHECK} and opened again with a growing pause (up to {@link #MAX_BACKOFF}) when it fails or the
 * server drops it. While it is not listening, {@link #listening()} is false and the followers fall back to polling.
 * After each (re)connection it sends one wake-up, for whatever was numbered while it was away.
 */
@Component
class ChangeNotifications implements SmartLifecycle {

    static final String CHANNEL = "stockbridge_change_feed";
    /** How the listening session shows in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "stockbridge-feed-listener";
    static final Duration CHECK = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);

    private final ConnectionFactory connections;
    private final Sinks.Many<Long> heard = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean listening = new AtomicBoolean();
    private volatile Disposable subscription;

    ChangeNotifications(ConnectionFactory connectionFactory) {
        this.connections = Connections.unpooled(connectionFactory);
    }

    /** A signal each time some replica numbered changes (or this one reconnected and may have missed some). */
    Flux<Long> ticks() {
        return heard.asFlux();
    }

    /** Whether the connection is listening now, so that the ticks can be relied on. */
    boolean listening() {
        return listening.get();
    }

    @Override
    public void start() {
        subscription = Flux.usingWhen(Mono.from(connections.create()), this::listen,
                        connection -> Mono.from(connection.close()).onErrorResume(e -> Mono.empty()))
                .doOnError(e -> {
                    if (listening.getAndSet(false)) {
                        log.warn("stopped listening for change feed notifications: {}", e.getMessage());
                    }
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(MAX_BACKOFF)
                        .transientErrors(true))
                .subscribe(this::wake, e -> log.error("change feed notifications ended", e));
    }

    private Flux<Long> listen(Connection connection) {
        PostgresqlConnection postgres = postgres(connection);
        Flux<Long> notifications = postgres.getNotifications().map(notification -> 1L);
        Flux<Long> checks = Flux.interval(CHECK, CHECK)
                .concatMap(tick -> postgres.createStatement("SELECT 1").execute()
                        .concatMap(PostgresqlResult::getRowsUpdated).then().timeout(CHECK))
                .thenMany(Flux.empty());
        return postgres.createStatement("SET application_name TO '" + APPLICATION_NAME + "'").execute()
                .concatMap(PostgresqlResult::getRowsUpdated)
                .thenMany(postgres.createStatement("LISTEN " + CHANNEL).execute())
                .concatMap(PostgresqlResult::getRowsUpdated)
                .thenMany(Flux.defer(() -> {
                    listening.set(true);
                    log.info("listening for change feed notifications on {}", CHANNEL);
                    return Flux.concat(Flux.just(0L), Flux.merge(notifications, checks));
                }))
                .concatWith(Mono.error(() -> new IllegalStateException("the listening connection was closed")));
    }

    private void wake(Long signal) {
        heard.tryEmitNext(signal);
    }

    @Override
    public void stop() {
        Disposable running = subscription;
        subscription = null;
        listening.set(false);
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }


    private static PostgresqlConnection postgres(Connection connection) {
        Object current = connection;
        while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> wrapped) {
            current = wrapped.unwrap();
        }
        if (current instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("the change feed needs a PostgreSQL connection to LISTEN, not " + connection);
    }
}
