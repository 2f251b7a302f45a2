package org.stockbridge.api.persistence;

import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.database.R2dbcPools;
import org.stockbridge.infra.database.StockbridgeDatabaseProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the reads that tolerate some staleness go: the read replica of {@code stockbridge.db.read-url} when one is
 * configured, answers, and (with {@code stockbridge.db.read-max-staleness}) has replayed the primary's changes recently
 * enough; the primary otherwise. Writes, and reads that must see a caller's own writes, keep the primary's
 * {@link DatabaseClient}. The replica is checked every {@link #checkInterval} (its replay lag: zero when it has replayed
 * everything it received, else the age of the last transaction it replayed); a failed check sends the reads to the
 * primary until a check succeeds again.
 */
@Component
public class Reads implements DisposableBean {

    /** Appended to the OpenAPI description of every operation that reads through {@link #client()}. */
    public static final String MAY_LAG = " May be served by a read replica, so it can lag the latest writes by the "
            + "replica's replay lag, usually under a second (the deployment's bound: see the API guide, Staleness). "
            + "A site's or a product's stock, balances and movements always show your own writes at once.";

    static final String LAG_SQL = """
            SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                        ELSE coalesce(extract(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag
            """;
    private static final Logger LOG = LoggerFactory.getLogger(Reads.class);

    private final DatabaseClient primary;
    private final DatabaseClient replica;
    private final ConnectionPool replicaPool;
    private final Duration maxStaleness;
    private final Duration checkInterval;
    private final Disposable checking;
    private volatile boolean replicaUsable;

    public Reads(DatabaseClient primary, StockbridgeDatabaseProperties properties) {
        this.primary = primary;
        this.maxStaleness = properties.readMaxStaleness();
        if (properties.readUrl() == null) {
            this.replica = null;
            this.replicaPool = null;
            this.checkInterval = null;
            this.checking = null;
            return;
        }
        DatabaseEndpoint endpoint = DatabaseEndpoint.parse(properties.readUrl(), properties.username(),
                properties.password());
        this.replicaPool = R2dbcPools.create(endpoint, "stockbridge-r2dbc-reads", "stockbridge-api-reads",
                properties.pool().r2dbcMaxSize(), properties.statementTimeout());
        this.replica = DatabaseClient.create(replicaPool);
        this.checkInterval = checkInterval(maxStaleness);
        this.replicaUsable = maxStaleness == null;
        LOG.info("Replica-tolerant reads go to {}:{} ({}), checked every {}", endpoint.host(), endpoint.port(),
                maxStaleness == null ? "whatever its replay lag" : "while its replay lag is at most " + maxStaleness,
                checkInterval);
        this.checking = Flux.interval(Duration.ZERO, checkInterval)
                .onBackpressureDrop()
                .concatMap(tick -> check(), 1)
                .subscribe();
    }

    /** Half the staleness allowed, between 100 ms and 5 s; 5 s when any staleness is allowed. */
    static Duration checkInterval(Duration maxStaleness) {
        if (maxStaleness == null) {
            return Duration.ofSeconds(5);
        }
        Duration half = maxStaleness.dividedBy(2);
        return half.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100)
                : half.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : half;
    }

    /** The client for a read that may be served by the replica: the replica's when it is usable, else the primary's. */
    public DatabaseClient client() {
        return replica != null && replicaUsable ? replica : primary;
    }

    /** Whether the replica is configured and serves the replica-tolerant reads now. */
    public boolean onReplica() {
        return replica != null && replicaUsable;
    }

    /** The replica's replay lag now, or empty without a replica. */
    public Mono<Duration> replicaLag() {
        if (replica == null) {
            return Mono.empty();
        }
        return replica.sql(LAG_SQL).map(row -> row.get("lag", Double.class)).one()
                .map(seconds -> Duration.ofNanos((long) (seconds * 1e9)));
    }

    private Mono<Void> check() {
        return replicaLag()
                .map(lag -> maxStaleness == null || lag.compareTo(maxStaleness) <= 0)
                .timeout(checkInterval.plus(Duration.ofSeconds(5)))
                .onErrorResume(e -> {
                    if (replicaUsable) {
                        LOG.warn("The read replica does not answer ({}): replica-tolerant reads go to the primary",
                                e.toString());
                    }
                    replicaUsable = false;
                    return Mono.empty();
                })
                .doOnNext(usable -> {
                    if (usable != replicaUsable) {
                        LOG.info(usable ? "Replica-tolerant reads go to the read replica"
                                : "The read replica lags more than {}: replica-tolerant reads go to the primary",
                                maxStaleness);
                    }
                    replicaUsable = usable;
                })
                .then();
    }

    @Override
    public void destroy() {
        if (checking != null) {
            checking.dispose();
        }
        if (replicaPool != null) {
            replicaPool.dispose();
        }
    }
}
