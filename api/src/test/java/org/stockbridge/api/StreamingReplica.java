package org.stockbridge.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL primary and a hot standby streaming from it, both on free loopback ports in a temporary directory: the
 * primary is made with {@code initdb}, the standby with {@code pg_basebackup -R}. Every statement either server runs is
 * written to its log ({@code log_statement=all}), so a test can tell which server ran a query. The binaries come from
 * {@code STOCKBRIDGE_PG_BIN}, else the newest {@code /usr/lib/postgresql/N/bin} that has {@code pg_basebackup} (the
 * embedded PostgreSQL ships no {@code pg_basebackup}). As root, the servers run as the {@code postgres} user.
 */
final class StreamingReplica implements AutoCloseable {

    /** Runs a test class only where a streaming replica can be made; see {@link Condition}. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(Condition.class)
    @interface Available {
    }

    /**
     * Skips the class with a message when no PostgreSQL binaries with {@code pg_basebackup} are found, unless
     * {@code STOCKBRIDGE_REPLICA_TESTS=required} (as in CI), when that fails it.
     */
    static final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> missing = missing();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("PostgreSQL binaries in " + binaries().orElseThrow());
            }
            if ("required".equals(System.getenv("STOCKBRIDGE_REPLICA_TESTS"))) {
                throw new IllegalStateException("STOCKBRIDGE_REPLICA_TESTS=required but " + missing.get());
            }
            return ConditionEvaluationResult.disabled("skipped: " + missing.get()
                    + " (set STOCKBRIDGE_REPLICA_TESTS=required to fail instead)");
        }
    }

    private static final String[] TOOLS = {"initdb", "pg_ctl", "pg_basebackup", "postgres"};

    private final Path bin;
    private final Path directory;
    private final boolean asPostgres;
    private final int primaryPort;
    private final int standbyPort;

    private StreamingReplica(Path bin, Path directory, boolean asPostgres, int primaryPort, int standbyPort) {
        this.bin = bin;
        this.directory = directory;
        this.asPostgres = asPostgres;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    static Optional<Path> binaries() {
        String given = System.getenv("STOCKBRIDGE_PG_BIN");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given));
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_basebackup")))
                    .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int version(String name) {
        return name.matches("[0-9]+") ? Integer.parseInt(name) : 0;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** What prevents making a replica here, if anything. */
    static Optional<String> missing() {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            return Optional.of("no PostgreSQL binaries with pg_basebackup (set STOCKBRIDGE_PG_BIN, or install "
                    + "Debian's postgresql package)");
        }
        for (String tool : TOOLS) {
            if (!Files.isExecutable(bin.get().resolve(tool))) {
                return Optional.of(tool + " is missing from " + bin.get());
            }
        }
        if (root() && !Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(
                Path.of("/sbin/runuser"))) {
            return Optional.of("running as root, and no runuser to start PostgreSQL as the postgres user");
        }
        return Optional.empty();
    }

    /** Starts a primary and a standby streaming from it. */
    static StreamingReplica start() {
        try {
            Path directory = Files.createTempDirectory("stockbridge-replica");
            boolean asPostgres = root();
            StreamingReplica replica = new StreamingReplica(binaries().orElseThrow(), directory, asPostgres,
                    freePort(), freePort());
            if (asPostgres) {
                replica.run(List.of("chown", "postgres:postgres", directory.toString()), false);
            }
            replica.startServers();
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServers() throws IOException {
        Path primary = directory.resolve("primary");
        Path standby = directory.resolve("standby");
        run(List.of(tool("initdb"), "-D", primary.toString(), "-U", "postgres", "-A", "trust", "--no-sync",
                "-E", "UTF8", "--locale=C"), true);
        String common = " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + directory
                + " -c fsync=off -c full_page_writes=off -c log_statement=all -c max_connections=60";
        run(List.of(tool("pg_ctl"), "-D", primary.toString(), "-l", directory.resolve("primary.log").toString(),
                "-w", "-o", "-p " + primaryPort + " -c wal_level=replica -c max_wal_senders=4" + common, "start"),
                true);
        run(List.of(tool("pg_basebackup"), "-D", standby.toString(), "-R", "-X", "stream", "-h", "127.0.0.1",
                "-p", Integer.toString(primaryPort), "-U", "postgres", "--no-sync"), true);
        run(List.of(tool("pg_ctl"), "-D", standby.toString(), "-l", directory.resolve("standby.log").toString(),
                "-w", "-o", "-p " + standbyPort + " -c hot_standby=on" + common, "start"), true);
        try (Connection c = connect(standbyPort); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
            r.next();
            if (!r.getBoolean(1)) {
                throw new IllegalStateException("the standby is not in recovery");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the standby does not answer", e);
        }
    }

    String primaryUrl() {
        return "postgresql://postgres@127.0.0.1:" + primaryPort + "/postgres";
    }

    String standbyUrl() {
        return "postgresql://postgres@127.0.0.1:" + standbyPort + "/postgres";
    }

    Connection primary() throws SQLException {
        return connect(primaryPort);
    }

    Connection standby() throws SQLException {
        return connect(standbyPort);
    }

    /** How many bytes each server's log holds now: a mark to read what it ran after. */
    long[] logMarks() throws IOException {
        return new long[] {Files.size(directory.resolve("primary.log")), Files.size(directory.resolve("standby.log"))};
    }

    /** What the primary logged after the mark. */
    String primaryLogSince(long[] marks) throws IOException {
        return since(directory.resolve("primary.log"), marks[0]);
    }

    /** What the standby logged after the mark. */
    String standbyLogSince(long[] marks) throws IOException {
        return since(directory.resolve("standby.log"), marks[1]);
    }

    String standbyLog() throws IOException {
        return since(directory.resolve("standby.log"), 0);
    }

    private static String since(Path log, long mark) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                StandardCharsets.UTF_8);
    }

    /** Stops applying WAL on the standby: it keeps answering, with the data as of now. */
    void pauseReplay() throws SQLException {
        execute(standbyPort, "SELECT pg_wal_replay_pause()");
    }

    void resumeReplay() throws SQLException {
        execute(standbyPort, "SELECT pg_wal_replay_resume()");
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    void awaitCaughtUp() throws SQLException, InterruptedException {
        String lsn;
        try (Connection c = primary(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            r.next();
            lsn = r.getString(1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Connection c = standby(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
                r.next();
                if (r.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the standby did not replay up to " + lsn + " within 60 s");
    }

    private static void execute(int port, String sql) throws SQLException {
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    @Override
    public void close() {
        for (String server : List.of("standby", "primary")) {
            try {
                run(List.of(tool("pg_ctl"), "-D", directory.resolve(server).toString(), "-m", "immediate", "-w",
                        "stop"), true);
            } catch (IOException | IllegalStateException e) {
                // already stopped
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left in the temporary directory
        }
    }

    private String tool(String name) {
        return bin.resolve(name).toString();
    }

    private void run(List<String> command, boolean postgresUser) throws IOException {
        List<String> full = new ArrayList<>();
        if (postgresUser && asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("commands.log").toFile().exists()
                        ? ProcessBuilder.Redirect.appendTo(directory.resolve("commands.log").toFile())
                        : ProcessBuilder.Redirect.to(directory.resolve("commands.log").toFile()))
                .start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                        + Files.readString(directory.resolve("commands.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
