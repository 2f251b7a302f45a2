package org.stockbridge.infra.database;

import java.nio.file.Path;

/** The database the process talks to, and the embedded server behind it when there is one. */
public final class DatabaseRuntime implements AutoCloseable {

    private final DatabaseEndpoint endpoint;
    private final EmbeddedPostgresServer embedded;

    private DatabaseRuntime(DatabaseEndpoint endpoint, EmbeddedPostgresServer embedded) {
        this.endpoint = endpoint;
        this.embedded = embedded;
    }

    public static DatabaseRuntime external(DatabaseEndpoint endpoint) {
        return new DatabaseRuntime(endpoint, null);
    }

    public static DatabaseRuntime embedded(Path dataDirectory, int port) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, port);
        return new DatabaseRuntime(server.endpoint(), server);
    }

    public DatabaseEndpoint endpoint() {
        return endpoint;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
