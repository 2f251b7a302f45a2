package org.stockbridge.infra.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies Stockbridge's Flyway migrations outside a Spring context (tests, tools). */
public final class SchemaMigrations {

    public static final String LOCATION = "classpath:db/migration";

    private SchemaMigrations() {
    }

    public static MigrateResult migrate(DatabaseEndpoint endpoint) {
        return Flyway.configure()
                .dataSource(endpoint.jdbcUrl(), endpoint.username(), endpoint.password())
                .locations(LOCATION)
                .load()
                .migrate();
    }
}
