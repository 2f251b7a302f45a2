package org.stockbridge.infra.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.stockbridge.infra.testing.DatabaseTest;

/** The sessions of the service's R2DBC pools carry their name and run without JIT compilation. */
@DatabaseTest
class R2dbcPoolsIntegrationTests {

    private final DatabaseEndpoint endpoint;

    R2dbcPoolsIntegrationTests(DatabaseEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Test
    void a_pooled_session_runs_without_jit_and_shows_its_application_name() {
        ConnectionPool pool = R2dbcPools.create(endpoint, "pool-test", "stockbridge-pool-test", 2);
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
}
