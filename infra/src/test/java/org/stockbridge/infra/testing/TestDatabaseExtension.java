package org.stockbridge.infra.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stockbridge.infra.database.DatabaseAdministration;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.database.EmbeddedPostgresServer;
import org.stockbridge.infra.database.SchemaMigrations;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Gives each test class a clean, migrated database. The server is chosen once per JVM, in this order:
 * <ol>
 *   <li>an external server named by {@code STOCKBRIDGE_TEST_DB_URL} (e.g. {@code postgresql://postgres@127.0.0.1:5432/postgres});</li>
 *   <li>a Testcontainers {@code postgres:17} container when a Docker engine answers
 *       (skipped when {@code STOCKBRIDGE_TEST_DB=embedded});</li>
 *   <li>an embedded PostgreSQL 17 in a temporary directory.</li>
 * </ol>
 * The schema is migrated once into a template database; every class gets a copy made with {@code CREATE DATABASE ... TEMPLATE}.
 */
public final class TestDatabaseExtension
        implements TestInstancePreConstructCallback, BeforeAllCallback, AfterAllCallback, ParameterResolver {

    public static final String URL_VARIABLE = "STOCKBRIDGE_TEST_DB_URL";
    private static final Logger log = LoggerFactory.getLogger(TestDatabaseExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestDatabaseExtension.class);

    private static Server server;
    private static volatile DatabaseEndpoint current;

    /** Runs before the test instance exists, so a Spring context built with the instance already sees the database. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        ensureDatabase(context);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureDatabase(context);
    }

    private static DatabaseEndpoint ensureDatabase(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        DatabaseEndpoint endpoint = classContext.getStore(NAMESPACE).getOrComputeIfAbsent("endpoint", key -> {
            Server shared = server();
            String name = "sbtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            DatabaseAdministration.createDatabase(shared.endpoint(), name, shared.template(), false);
            return shared.endpoint().withDatabase(name);
        }, DatabaseEndpoint.class);
        current = endpoint;
        return endpoint;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        DatabaseEndpoint endpoint = context.getStore(NAMESPACE).remove("endpoint", DatabaseEndpoint.class);
        if (endpoint != null) {
            DatabaseAdministration.dropDatabaseIfExists(server().endpoint(), endpoint.database());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DatabaseEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return ensureDatabase(context);
    }

    /**
     * A fresh, migrated database for tests that cannot use the extension (jqwik properties); it is dropped when the
     * JVM exits.
     */
    public static synchronized DatabaseEndpoint createStandaloneDatabase() {
        Server shared = server();
        String name = "sbprop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        DatabaseAdministration.createDatabase(shared.endpoint(), name, shared.template(), false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                DatabaseAdministration.dropDatabaseIfExists(shared.endpoint(), name);
            } catch (RuntimeException e) {
                log.debug("could not drop {}", name, e);
            }
        }));
        return shared.endpoint().withDatabase(name);
    }

    /** The database of the test class running now. */
    public static DatabaseEndpoint currentEndpoint() {
        if (current == null) {
            throw new IllegalStateException("no test database yet: annotate the test class with @DatabaseTest");
        }
        return current;
    }

    /** Which kind of server the tests of this JVM use: external, testcontainers or embedded. */
    public static String serverKind() {
        return server().kind();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = startServer();
            String template = "sbtemplate_" + ProcessHandle.current().pid() + "_"
                    + UUID.randomUUID().toString().substring(0, 8);
            DatabaseAdministration.createDatabase(server.endpoint(), template, null, false);
            SchemaMigrations.migrate(server.endpoint().withDatabase(template));
            server = new Server(server.kind(), server.endpoint(), template, server.onClose());
            Server started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    DatabaseAdministration.dropDatabaseIfExists(started.endpoint(), started.template());
                } catch (RuntimeException e) {
                    log.debug("could not drop template database", e);
                }
                started.onClose().run();
            }));
            log.info("Test databases on {} server {}", started.kind(), started.endpoint());
        }
        return server;
    }

    private static Server startServer() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            DatabaseEndpoint endpoint = DatabaseEndpoint.parse(url, null, null);
            return new Server("external", endpoint.withDatabase("postgres"), null, () -> { });
        }
        String preferred = System.getenv().getOrDefault("STOCKBRIDGE_TEST_DB", "").toLowerCase(Locale.ROOT);
        if (!preferred.equals("embedded") && dockerAnswers()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
            container.start();
            DatabaseEndpoint endpoint = new DatabaseEndpoint(container.getHost(), container.getMappedPort(5432),
                    "postgres", container.getUsername(), container.getPassword());
            return new Server("testcontainers", endpoint, null, container::stop);
        }
        try {
            Path directory = Files.createTempDirectory("stockbridge-test-pg");
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(directory, 0);
            return new Server("embedded", embedded.endpoint().withDatabase("postgres"), null, embedded::close);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not create a directory for the embedded test database", e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private record Server(String kind, DatabaseEndpoint endpoint, String template, Runnable onClose) {
    }
}
