package org.stockbridge.batch.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Writes rows with PostgreSQL {@code COPY ... FROM STDIN (FORMAT csv)} on the connection of the current transaction,
 * so a chunk's rows land (or roll back) with the rest of the chunk. Values are printed by Commons CSV in PostgreSQL's
 * CSV dialect: null as an unquoted empty field, every other value quoted.
 */
public final class PgCopy {

    private PgCopy() {
    }

    public static long copy(DataSource dataSource, String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder text = new StringBuilder(rows.size() * 256);
        try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.POSTGRESQL_CSV)) {
            for (Object[] row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not format rows for " + table, e);
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " ("
                    + String.join(", ", columns) + ") FROM STDIN (FORMAT csv)", new StringReader(text.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
