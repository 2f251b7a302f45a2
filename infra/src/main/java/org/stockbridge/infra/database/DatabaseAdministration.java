package org.stockbridge.infra.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Server-level chores: creating and dropping whole databases. */
public final class DatabaseAdministration {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private DatabaseAdministration() {
    }

    public static void createDatabaseIfMissing(DatabaseEndpoint server, String database) {
        createDatabase(server, database, null, true);
    }

    /** Creates {@code database}, copying {@code template} when it is not null. */
    public static void createDatabase(DatabaseEndpoint server, String database, String template, boolean ifMissing) {
        requireSafe(database);
        if (template != null) {
            requireSafe(template);
        }
        try (Connection connection = connect(server.withDatabase("postgres"))) {
            if (ifMissing && exists(connection, database)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database + (template == null ? "" : " TEMPLATE " + template));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " on " + server, e);
        }
    }

    public static void dropDatabaseIfExists(DatabaseEndpoint server, String database) {
        requireSafe(database);
        try (Connection connection = connect(server.withDatabase("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + database + " on " + server, e);
        }
    }

    public static boolean exists(DatabaseEndpoint server, String database) {
        try (Connection connection = connect(server.withDatabase("postgres"))) {
            return exists(connection, database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not reach " + server, e);
        }
    }

    public static Connection connect(DatabaseEndpoint endpoint) throws SQLException {
        return DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.username(), endpoint.password());
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void requireSafe(String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must be a plain lower-case identifier, was " + name);
        }
    }
}
