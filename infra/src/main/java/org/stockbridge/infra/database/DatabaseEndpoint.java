package org.stockbridge.infra.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the one PostgreSQL database lives. Both the JDBC (Flyway, Spring Batch) and the R2DBC (API) connections are
 * derived from this single value, so they can never point at different databases.
 */
public record DatabaseEndpoint(String host, int port, String database, String username, String password) {

    public DatabaseEndpoint {
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(database, "database must not be null");
        Objects.requireNonNull(username, "username must not be null");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        password = password == null ? "" : password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public DatabaseEndpoint withDatabase(String otherDatabase) {
        return new DatabaseEndpoint(host, port, otherDatabase, username, password);
    }

    /**
     * Parses {@code postgresql://user:pass@host:port/db}, {@code jdbc:postgresql://host:port/db} or
     * {@code r2dbc:postgresql://host:port/db}. Credentials given separately win over those in the URL.
     */
    public static DatabaseEndpoint parse(String url, String username, String password) {
        Objects.requireNonNull(url, "url must not be null");
        String stripped = url.trim();
        if (stripped.startsWith("jdbc:") || stripped.startsWith("r2dbc:")) {
            stripped = stripped.substring(stripped.indexOf(':') + 1);
        }
        if (!stripped.startsWith("postgresql://") && !stripped.startsWith("postgres://")) {
            throw new IllegalArgumentException(
                    "database url must look like postgresql://user:password@host:5432/database, was " + url);
        }
        URI uri = URI.create(stripped);
        String user = username;
        String pass = password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (user == null || user.isBlank()) {
                user = decode(parts[0]);
            }
            if ((pass == null || pass.isBlank()) && parts.length > 1) {
                pass = decode(parts[1]);
            }
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("user") && (user == null || user.isBlank())) {
                    user = decode(kv[1]);
                }
                if (kv.length == 2 && kv[0].equals("password") && (pass == null || pass.isBlank())) {
                    pass = decode(kv[1]);
                }
            }
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("database url must name a host, was " + url);
        }
        return new DatabaseEndpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
                path.isEmpty() ? "postgres" : path, user == null || user.isBlank() ? "postgres" : user, pass);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseEndpoint[" + jdbcUrl() + " as " + username + "]";
    }
}
