package org.stockbridge.api.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.fleet.FleetLock;
import org.stockbridge.infra.testing.SpringTestDatabase;

/** The forecast job's schedule fires on every replica; a replica that finds the job running elsewhere does not run it. */
@ApiIntegrationTest
class ForecastFleetLockIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    ForecastJobRunner runner;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_scheduled_run_is_skipped_while_another_replica_holds_the_forecast_job_lock() throws Exception {
        long runs = jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class);
        try (Connection otherReplica = dataSource.getConnection()) {
            lock(otherReplica, "pg_advisory_lock");
            try {
                assertThat(runner.onceInTheFleet().block()).isFalse();
            } finally {
                lock(otherReplica, "pg_advisory_unlock");
            }
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isEqualTo(runs);
    }

    private static void lock(Connection connection, String function) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function
                + "(hashtextextended(?, 0))")) {
            statement.setString(1, FleetLock.FORECAST_JOB.key());
            statement.executeQuery().close();
        }
    }
}
