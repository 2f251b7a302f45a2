package org.stockbridge.api.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.testing.DatabaseTest;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Two replicas, each with its own connection pool on one database, contend for the same periodic work: while one runs
 * it, the other's round is skipped, and once it is done the next round may run anywhere.
 */
@DatabaseTest
class FleetLocksIntegrationTests {

    private ConnectionPool poolA;
    private ConnectionPool poolB;
    private FleetLocks replicaA;
    private FleetLocks replicaB;

    @BeforeEach
    void replicas(DatabaseEndpoint endpoint) {
        poolA = pool(endpoint);
        poolB = pool(endpoint);
        replicaA = locks(poolA);
        replicaB = locks(poolB);
    }

    @AfterEach
    void close() {
        poolA.dispose();
        poolB.dispose();
    }

    @Test
    void a_transaction_held_lock_lets_one_replica_run_a_round_and_skips_the_other() {
        assertOnlyOneRuns((lock, work) -> replicaA.inTransaction(lock, work),
                (lock, work) -> replicaB.inTransaction(lock, work));
    }

    @Test
    void a_session_held_lock_lets_one_replica_run_a_long_round_and_skips_the_other() {
        assertOnlyOneRuns((lock, work) -> replicaA.onOwnConnection(lock, work),
                (lock, work) -> replicaB.onOwnConnection(lock, work));
    }

    @Test
    void different_locks_do_not_hold_each_other_up() {
        Sinks.One<Boolean> release = Sinks.one();
        CompletableFuture<Boolean> forecast = replicaA.onOwnConnection(FleetLock.FORECAST_JOB, release.asMono())
                .toFuture();
        awaitHeld(FleetLock.FORECAST_JOB);
        assertThat(replicaB.inTransaction(FleetLock.IDEMPOTENCY_PURGE, Mono.empty()).block()).isTrue();
        release.tryEmitValue(true);
        assertThat(forecast.join()).isTrue();
    }

    @Test
    void a_failed_round_gives_the_lock_up_for_the_next() {
        assertThat(replicaA.onOwnConnection(FleetLock.FORECAST_JOB, Mono.error(new IllegalStateException("boom")))
                .onErrorReturn(false).block()).isFalse();
        assertThat(replicaB.onOwnConnection(FleetLock.FORECAST_JOB, Mono.empty()).block()).isTrue();
    }

    private void assertOnlyOneRuns(Runner a, Runner b) {
        AtomicInteger runs = new AtomicInteger();
        Sinks.One<Boolean> release = Sinks.one();
        CompletableFuture<Boolean> first = a.run(FleetLock.IDEMPOTENCY_PURGE,
                Mono.fromRunnable(runs::incrementAndGet).then(release.asMono())).toFuture();
        awaitHeld(FleetLock.IDEMPOTENCY_PURGE);

        boolean second = b.run(FleetLock.IDEMPOTENCY_PURGE, Mono.fromRunnable(runs::incrementAndGet)).block();
        assertThat(second).isFalse();
        assertThat(runs).hasValue(1);

        release.tryEmitValue(true);
        assertThat(first.join()).isTrue();
        assertThat(b.run(FleetLock.IDEMPOTENCY_PURGE, Mono.fromRunnable(runs::incrementAndGet)).block()).isTrue();
        assertThat(runs).hasValue(2);
    }

    /** Waits until some session holds the lock, as pg_locks shows it. */
    private void awaitHeld(FleetLock lock) {
        DatabaseClient observer = DatabaseClient.create(poolB);
        Mono.defer(() -> observer.sql("SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                + "AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(:key, 0)")
                        .bind("key", lock.key())
                        .map(row -> row.get("held", Long.class)).one())
                .filter(held -> held > 0)
                .repeatWhenEmpty(100, attempts -> attempts.delayElements(Duration.ofMillis(50)))
                .block(Duration.ofSeconds(30));
    }

    private interface Runner {
        Mono<Boolean> run(FleetLock lock, Mono<?> work);
    }

    private static FleetLocks locks(ConnectionPool pool) {
        return new FleetLocks(pool, DatabaseClient.create(pool),
                TransactionalOperator.create(new R2dbcTransactionManager(pool)));
    }

    private static ConnectionPool pool(DatabaseEndpoint endpoint) {
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration
                .builder().host(endpoint.host()).port(endpoint.port()).database(endpoint.database())
                .username(endpoint.username()).password(endpoint.password()).build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory).maxSize(4).build());
    }
}
