package org.stockbridge.api.fleet;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.stockbridge.api.persistence.Connections;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one rule for work that must run once per fleet however many replicas share the database: before it runs, the
 * replica tries to take the work's {@link FleetLock}, a PostgreSQL advisory lock, without waiting; a replica that does
 * not get it skips this round. Two kinds of hold:
 *
 * <ul>
 *   <li>{@link #inTransaction}: short database work in one transaction, under {@code pg_try_advisory_xact_lock}; the
 *   lock ends with the transaction.</li>
 *   <li>{@link #onOwnConnection}: long work that does not run in one R2DBC transaction (a Spring Batch job over JDBC),
 *   under a session lock, {@code pg_try_advisory_lock}, on a connection of its own outside the pool, held until the
 *   work ends and then closed. If the replica dies, the server ends the session and so the lock.</li>
 * </ul>
 *
 * Both answer whether this replica ran the work. A skipped round is not made up: the work runs on the replica that
 * holds the lock.
 */
@Component
public class FleetLocks {

    private static final String TRY_XACT = "SELECT pg_try_advisory_xact_lock(hashtextextended(:key, 0)) AS locked";

    private final ConnectionFactory unpooled;
    private final DatabaseClient client;
    private final TransactionalOperator transaction;

    public FleetLocks(ConnectionFactory connectionFactory, DatabaseClient client, TransactionalOperator transaction) {
        this.unpooled = Connections.unpooled(connectionFactory);
        this.client = client;
        this.transaction = transaction;
    }

    /**
     * Runs {@code work} in a transaction that holds {@code lock}, when no other replica holds it; {@code work} must use
     * this application's {@link DatabaseClient} so that it joins the transaction.
     *
     * @return true when the work ran here, false when another replica held the lock
     */
    public Mono<Boolean> inTransaction(FleetLock lock, Mono<?> work) {
        return transaction.transactional(client.sql(TRY_XACT).bind("key", lock.key())
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? work.then(Mono.just(true)) : Mono.just(false)));
    }

    /**
     * Runs {@code work} while a connection of its own holds {@code lock}, when no other replica holds it; the work may
     * run on any scheduler and take as long as it needs.
     *
     * @return true when the work ran here, false when another replica held the lock
     */
    public Mono<Boolean> onOwnConnection(FleetLock lock, Mono<?> work) {
        return Mono.usingWhen(Mono.from(unpooled.create()),
                connection -> single(connection, "SELECT pg_try_advisory_lock(hashtextextended($1, 0))", lock)
                        .flatMap(locked -> !locked ? Mono.just(false)
                                : work.then(Mono.just(true))
                                        .flatMap(ran -> single(connection,
                                                "SELECT pg_advisory_unlock(hashtextextended($1, 0))", lock)
                                                .thenReturn(ran))),
                connection -> Mono.from(connection.close()).onErrorResume(e -> Mono.empty()));
    }

    private static Mono<Boolean> single(Connection connection, String sql, FleetLock lock) {
        return Flux.from(connection.createStatement(sql).bind("$1", lock.key()).execute())
                .concatMap(result -> result.map((row, metadata) -> Boolean.TRUE.equals(row.get(0, Boolean.class))))
                .next()
                .defaultIfEmpty(false);
    }

}
