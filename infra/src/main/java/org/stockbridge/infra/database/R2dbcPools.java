package org.stockbridge.infra.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** R2DBC connection pools to one PostgreSQL endpoint, built the same way for the primary and for a read replica. */
public final class R2dbcPools {

    private R2dbcPools() {
    }

    /**
     * Run on every new connection of the service's pools. {@code jit = off}: PostgreSQL compiles a query with LLVM
     * when the planner's cost estimate passes {@code jit_above_cost}, whatever the query's real cost; the service's
     * reads answer in milliseconds, and an estimate gone high (a table rewritten since its last statistics) made the
     * by-site page spend 370 ms compiling for 8 ms of work at 100x (ADR 0016). {@code statement_timeout}: the server
     * cancels a statement of the service that runs longer (ADR 0020); a caller that stopped waiting for it (a balance
     * batch gives up after 30 s) no longer leaves it running. Set with a statement once per connection rather than as
     * startup parameters, which a connection pooler such as PgBouncer refuses (in its transaction mode a session
     * setting stays with the server connection: set them on the API's role there, ADR 0020).
     */
    static String sessionSettings(Duration statementTimeout) {
        return "SELECT set_config('jit', 'off', false), set_config('statement_timeout', '"
                + statementTimeout.toMillis() + "', false)";
    }

    /**
     * A pool of at most {@code maxSize} connections named {@code name}, whose sessions show {@code applicationName}
     * in {@code pg_stat_activity} and run {@link #sessionSettings} once each ({@code statementTimeout} zero: none).
     */
    public static ConnectionPool create(DatabaseEndpoint endpoint, String name, String applicationName, int maxSize,
                                        Duration statementTimeout) {
        String settings = sessionSettings(statementTimeout);
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(
                PostgresqlConnectionConfiguration.builder()
                        .host(endpoint.host())
                        .port(endpoint.port())
                        .database(endpoint.database())
                        .username(endpoint.username())
                        .password(endpoint.password())
                        .applicationName(applicationName)
                        .forceBinary(true)
                        .build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .name(name)
                .initialSize(Math.min(2, maxSize))
                .maxSize(maxSize)
                .maxIdleTime(Duration.ofMinutes(10))
                .maxAcquireTime(Duration.ofSeconds(30))
                // A local check on acquire (is the socket open?) costs no round trip; a server-side validation
                // query would double the round trips of every request. Connections the server has closed are
                // seen as closed locally and replaced.
                .validationDepth(ValidationDepth.LOCAL)
                .maxLifeTime(Duration.ofMinutes(30))
                .postAllocate(connection -> Mono.from(connection.createStatement(settings).execute())
                        .flatMapMany(result -> result.map((row, meta) -> 1))
                        .then())
                .build());
    }
}
