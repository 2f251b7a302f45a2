package org.stockbridge.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.stockbridge.infra.testing.DatabaseTest;

/**
 * The sessions of the service's R2DBC pools carry their name, run without JIT compilation and have their statements
 * cancelled by the server past the statement timeout.
 */
@DatabaseTest
class R2dbcPoolsIntegrationTests {

    private final DatabaseEndpoint endpoint;

    R2dbcPoolsIntegrationTests(DatabaseEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Test
    void a_pooled_session_runs_without_jit_and_shows_its_application_name() {
        ConnectionPool pool = R2dbcPools.create(endpoint, "pool-test", "stockbridge-pool-test", 2,
                Duration.ofSeconds(60));
        try {
            DatabaseClient client = DatabaseClient.create(pool);
            // The source shows the value is the session's own, not a server or database default.
            assertThat(client.sql("SELECT setting, source, current_setting('application_name') AS app FROM pg_settings "
                            + "WHERE name = 'jit'")
                    .map(row -> row.get("setting", String.class) + " " + row.get("source", String.class) + " "
                            + row.get("app", String.class))
                    .one().block(Duration.ofSeconds(30)))
                    .isEqualTo("off session stockbridge-pool-test");
        } finally {
            pool.dispose();
        }
    }

    @Test
    void a_statement_past_the_timeout_is_cancelled_by_the_server_not_left_running() {
        ConnectionPool pool = R2dbcPools.create(endpoint, "pool-test", "stockbridge-timeout-test", 2,
                Duration.ofMillis(300));
        try {
            DatabaseClient client = DatabaseClient.create(pool);
            assertThat(client.sql("SELECT current_setting('statement_timeout') AS t").map(row -> row.get("t",
                    String.class)).one().block(Duration.ofSeconds(30))).isEqualTo("300ms");
            assertThatThrownBy(() -> client.sql("SELECT pg_sleep(20)").fetch().rowsUpdated()
                    .block(Duration.ofSeconds(30)))
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("57014"));
            // the server stopped it: no statement of this pool is still running
            ConnectionPool other = R2dbcPools.create(endpoint, "pool-check", "stockbridge-check", 1, Duration.ZERO);
            try {
                assertThat(DatabaseClient.create(other)
                        .sql("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = "
                                + "'stockbridge-timeout-test' AND state = 'active'")
                        .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(30))).isZero();
            } finally {
                other.dispose();
            }
            // and the session is still good for the next statement
            assertThat(client.sql("SELECT 1 AS one").map(row -> row.get("one", Integer.class)).one()
                    .block(Duration.ofSeconds(30))).isEqualTo(1);
        } finally {
            pool.dispose();
        }
    }

    @Test
    void a_zero_statement_timeout_means_no_limit() {
        ConnectionPool pool = R2dbcPools.create(endpoint, "pool-test", "stockbridge-pool-test", 1, Duration.ZERO);
        try {
            assertThat(DatabaseClient.create(pool).sql("SELECT current_setting('statement_timeout') AS t")
                    .map(row -> row.get("t", String.class)).one().block(Duration.ofSeconds(30))).isEqualTo("0");
        } finally {
            pool.dispose();
        }
    }

    private static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r2dbc) {
                return r2dbc.getSqlState();
            }
        }
        return null;
    }
}
