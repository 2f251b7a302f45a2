package org.stockbridge.infra.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring test context at the database {@link TestDatabaseExtension} made for the running test class. */
public final class SpringTestDatabase {

    private SpringTestDatabase() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("stockbridge.db.url", () -> TestDatabaseExtension.currentEndpoint().jdbcUrl());
        registry.add("stockbridge.db.username", () -> TestDatabaseExtension.currentEndpoint().username());
        registry.add("stockbridge.db.password", () -> TestDatabaseExtension.currentEndpoint().password());
    }
}
