package org.stockbridge.infra.database;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The database settings. With no {@code url} (environment {@code STOCKBRIDGE_DB_URL}) an embedded PostgreSQL is started
 * on {@code embedded.data-directory}.
 *
 * @param url      {@code postgresql://user:password@host:5432/database} (also accepts {@code jdbc:} and {@code r2dbc:} forms)
 * @param username overrides the user named in the url
 * @param password overrides the password named in the url
 * @param pool     connection pool sizes
 * @param embedded embedded server settings
 * @param readUrl  an optional read-only endpoint (a streaming replica of the database at {@code url}, same forms) for
 *                 the reads that tolerate some staleness; credentials default to {@code username} and
 *                 {@code password}
 * @param readMaxStaleness how far the replica's replay may lag before those reads go to the primary; unset, they
 *                 go to the replica whatever its lag (but to the primary while it does not answer)
 * @param statementTimeout how long the server lets one statement of the API's connections run before it cancels it
 *                 (PostgreSQL's {@code statement_timeout} on those sessions); default 60 s, zero for no limit
 */
@ConfigurationProperties("stockbridge.db")
public record StockbridgeDatabaseProperties(String url, String username, String password, Pool pool, Embedded embedded,
                                            String readUrl, Duration readMaxStaleness, Duration statementTimeout) {

    /** The default {@link #statementTimeout}: twice the 30 s a balance read or a connection is waited for. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    public StockbridgeDatabaseProperties {
        pool = pool == null ? new Pool(10, 20) : pool;
        embedded = embedded == null ? new Embedded(null, 0) : embedded;
        readUrl = readUrl == null || readUrl.isBlank() ? null : readUrl.trim();
        if (readMaxStaleness != null && (readMaxStaleness.isNegative() || readMaxStaleness.isZero())) {
            throw new IllegalArgumentException("stockbridge.db.read-max-staleness must be positive, was "
                    + readMaxStaleness);
        }
        statementTimeout = statementTimeout == null ? DEFAULT_STATEMENT_TIMEOUT : statementTimeout;
        if (statementTimeout.isNegative() || (!statementTimeout.isZero() && statementTimeout.toMillis() == 0)) {
            throw new IllegalArgumentException("stockbridge.db.statement-timeout must be zero (no limit) or at least "
                    + "1 ms, was " + statementTimeout);
        }
    }

    /**
     * @param jdbcMaxSize  maximum JDBC connections (Flyway, batch jobs, loaders)
     * @param r2dbcMaxSize maximum R2DBC connections (the API)
     */
    public record Pool(int jdbcMaxSize, int r2dbcMaxSize) {
    }

    /**
     * @param dataDirectory where the embedded server keeps its files; default {@code ~/.stockbridge/pgdata}
     * @param port          TCP port, 0 for any free one
     */
    public record Embedded(Path dataDirectory, int port) {
        public Embedded {
            dataDirectory = dataDirectory == null
                    ? Path.of(System.getProperty("user.home"), ".stockbridge", "pgdata") : dataDirectory;
        }
    }
}
