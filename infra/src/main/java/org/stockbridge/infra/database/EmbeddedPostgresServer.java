package org.stockbridge.infra.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from the binaries shipped on Maven Central. Its data directory is kept between
 * runs, so a restart finds everything that was written before.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String DATABASE = "stockbridge";

    private final EmbeddedPostgres postgres;
    private final DatabaseEndpoint endpoint;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, DatabaseEndpoint endpoint) {
        this.postgres = postgres;
        this.endpoint = endpoint;
    }

    /**
     * Starts a server on {@code dataDirectory} (created if missing, reused if present) and makes sure the
     * {@code stockbridge} database exists.
     *
     * @param port a TCP port, or 0 for any free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            DatabaseEndpoint server = new DatabaseEndpoint("localhost", postgres.getPort(), "postgres", "postgres", "");
            DatabaseAdministration.createDatabaseIfMissing(server, DATABASE);
            log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
            return new EmbeddedPostgresServer(postgres, server.withDatabase(DATABASE));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public DatabaseEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
        }
    }
}
