package org.stockbridge.batch.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Streams rows into a table with PostgreSQL {@code COPY ... FROM STDIN (FORMAT binary)} on the connection of the
 * current transaction, so the rows land (or roll back) with the rest of the chunk. Values are sent in the server's
 * binary representation, so the server parses no text for dates, numbers and flags; rows are sent in 64 KiB pieces
 * while they are being encoded, so the server inserts while the caller is still encoding. Use one column method per
 * column, in the order of the column list, after each {@link #row()}.
 */
public final class PgBinaryCopy implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** Days from 1970-01-01 to 2000-01-01, PostgreSQL's date epoch. */
    private static final long POSTGRES_EPOCH_DAY = 10_957;
    private static final int FLUSH_AT = 1 << 16;

    private final DataSource dataSource;
    private final Connection connection;
    private final CopyIn copy;
    private final String table;
    private final int columns;
    private byte[] buffer = new byte[FLUSH_AT + 4096];
    private int position;
    private int fieldsLeft;
    private long rows;
    private boolean finished;

    private PgBinaryCopy(DataSource dataSource, Connection connection, CopyIn copy, String table, int columns) {
        this.dataSource = dataSource;
        this.connection = connection;
        this.copy = copy;
        this.table = table;
        this.columns = columns;
        put(SIGNATURE, 0, SIGNATURE.length);
        putInt(0);
        putInt(0);
    }

    /** Starts a COPY into {@code table} (which may be a temporary table) for these columns. */
    public static PgBinaryCopy start(DataSource dataSource, String table, List<String> columns) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " ("
                    + String.join(", ", columns) + ") FROM STDIN (FORMAT binary)");
            return new PgBinaryCopy(dataSource, connection, copy, table, columns.size());
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw new IllegalStateException("COPY into " + table + " could not start: " + e.getMessage(), e);
        }
    }

    /** Begins the next row; each of its columns must follow. */
    public PgBinaryCopy row() {
        if (fieldsLeft != 0) {
            throw new IllegalStateException("row " + rows + " of " + table + " lacks " + fieldsLeft + " values");
        }
        if (position >= FLUSH_AT) {
            flush();
        }
        putShort(columns);
        fieldsLeft = columns;
        rows++;
        return this;
    }

    public PgBinaryCopy text(String value) {
        if (value == null) {
            return nul();
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        field(bytes.length);
        put(bytes, 0, bytes.length);
        return this;
    }

    /** A {@code jsonb} value from its UTF-8 text. */
    public PgBinaryCopy jsonb(byte[] utf8) {
        if (utf8 == null) {
            return nul();
        }
        field(utf8.length + 1);
        ensure(1);
        buffer[position++] = 1;
        put(utf8, 0, utf8.length);
        return this;
    }

    public PgBinaryCopy int8(Long value) {
        if (value == null) {
            return nul();
        }
        field(8);
        putLong(value);
        return this;
    }

    public PgBinaryCopy int4(Integer value) {
        if (value == null) {
            return nul();
        }
        field(4);
        putInt(value);
        return this;
    }

    public PgBinaryCopy bool(Boolean value) {
        if (value == null) {
            return nul();
        }
        field(1);
        ensure(1);
        buffer[position++] = (byte) (value ? 1 : 0);
        return this;
    }

    public PgBinaryCopy date(LocalDate value) {
        if (value == null) {
            return nul();
        }
        field(4);
        putInt(Math.toIntExact(value.toEpochDay() - POSTGRES_EPOCH_DAY));
        return this;
    }

    public PgBinaryCopy nul() {
        field(-1);
        return this;
    }

    /** Ends the COPY; returns the number of rows the server took. */
    public long finish() {
        if (fieldsLeft != 0) {
            throw new IllegalStateException("row " + rows + " of " + table + " lacks " + fieldsLeft + " values");
        }
        putShort(-1);
        flush();
        try {
            long copied = copy.endCopy();
            finished = true;
            return copied;
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    public long rows() {
        return rows;
    }

    /** Cancels a COPY that did not finish (its transaction rolls back anyway) and hands the connection back. */
    @Override
    public void close() {
        try {
            if (!finished && copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            // the transaction is rolled back by the caller; nothing more to undo here
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private void field(int length) {
        if (fieldsLeft-- <= 0) {
            throw new IllegalStateException("row " + rows + " of " + table + " has more than " + columns + " values");
        }
        putInt(length);
    }

    private void flush() {
        if (position == 0) {
            return;
        }
        try {
            copy.writeToCopy(buffer, 0, position);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
        position = 0;
    }

    private void ensure(int bytes) {
        if (position + bytes > buffer.length) {
            flush();
            if (bytes > buffer.length) {
                buffer = new byte[bytes];
            }
        }
    }

    private void put(byte[] bytes, int from, int length) {
        ensure(length);
        System.arraycopy(bytes, from, buffer, position, length);
        position += length;
    }

    private void putShort(int value) {
        ensure(2);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void putInt(int value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
