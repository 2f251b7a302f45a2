import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.stockbridge.api.StockbridgeApplication;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRun;
import org.stockbridge.batch.shortage.ShortageIngestJobConfiguration;

/**
 * Shortage ingest against PostgreSQL COPY, in one process on one database server: each round COPYs the file into a
 * fresh staging table (one text column per CSV column), then empties the shortage tables and ingests the same file
 * through the Spring Batch job (recognition, checksum, parsing, mapping, merge, versions, linking). Warm-up rounds run
 * first (the first in a cold JVM) and are printed apart; the ratio is of the median rows/s of the measured rounds. Beside the wall-clock times
 * it prints the CPU seconds each phase cost this JVM and the database server (all its processes, from /proc), which
 * other work on a shared machine changes far less than the wall-clock times.
 * <p>
 * Each round also measures a floor: the reports the ingest stored are copied out in PostgreSQL's binary format, the
 * table is emptied and they are COPYed back in, already parsed, mapped and encoded. That time plus the link step's is
 * what the database alone needs for this file with this schema (indexes, constraints, change feed, links), so
 * {@code rows / (store + link)} against COPY is the highest ratio any client code could reach.
 * <p>
 * Arguments: FILE ROUNDS DATA_DIRECTORY [WARM_UP_ROUNDS, default 3: run first, printed, not counted]
 */
public class ShortageIngestBenchmark {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath();
        int rounds = Integer.parseInt(args[1]);
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StockbridgeApplication.class)
                .web(WebApplicationType.NONE)
                .run("--stockbridge.db.embedded.data-directory=" + args[2], "--stockbridge.shortages.load-on-start=false",
                        "--stockbridge.demo.enabled=false", "--logging.level.root=WARN",
                        "--logging.level.org.stockbridge=WARN", "--spring.main.banner-mode=off")) {
            DataSource dataSource = context.getBean(DataSource.class);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Ingestion ingestion = context.getBean(Ingestion.class);
            Path dataDirectory = Path.of(args[2]);
            String header;
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                header = reader.readLine();
            }
            List<String> columns = new ArrayList<>();
            for (String name : header.split(",")) {
                columns.add("\"" + name.trim().replace("\"", "") + "\" text");
            }
            List<Double> copyRates = new ArrayList<>();
            List<Double> ingestRates = new ArrayList<>();
            List<Double> floorRates = new ArrayList<>();
            String reportColumns = jdbc.queryForObject("SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) "
                    + "FROM information_schema.columns WHERE table_schema = current_schema() "
                    + "AND table_name = 'shortage_report' AND column_name NOT IN ('id', 'created_at')", String.class);
            long rows = 0;
            for (int round = 1 - warmUp; round <= rounds; round++) {
                jdbc.execute("DROP TABLE IF EXISTS shortage_copy_staging");
                jdbc.execute("CREATE TABLE shortage_copy_staging (" + String.join(", ", columns) + ")");
                double[] cpuBefore = cpu(dataDirectory);
                long copyStart = System.nanoTime();
                try (var connection = dataSource.getConnection(); Reader reader = Files.newBufferedReader(file)) {
                    rows = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY shortage_copy_staging FROM STDIN (FORMAT csv, HEADER true)", reader);
                }
                double copySeconds = (System.nanoTime() - copyStart) / 1e9;
                double[] cpuCopied = cpu(dataDirectory);
                jdbc.execute("TRUNCATE shortage_report_link, shortage_report_version, shortage_report");
                jdbc.execute("CHECKPOINT");
                double[] cpuCleared = cpu(dataDirectory);
                long ingestStart = System.nanoTime();
                IngestionRun run = ingestion.ingest(file, "benchmark");
                double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
                double[] cpuIngested = cpu(dataDirectory);
                if (run.status() != IngestionRun.Status.COMPLETED || run.inserted() != rows) {
                    throw new IllegalStateException("round " + round + ": " + run);
                }
                String steps = String.join(", ", jdbc.query("SELECT s.step_name || ' ' || round(extract(epoch FROM "
                        + "s.end_time - s.start_time)::numeric, 3) || ' s' FROM batch_step_execution s WHERE "
                        + "s.job_execution_id = ? ORDER BY s.step_execution_id", (rs, n) -> rs.getString(1),
                        run.jobExecutionId()));
                double linkSeconds = jdbc.queryForObject("SELECT extract(epoch FROM end_time - start_time) FROM "
                        + "batch_step_execution WHERE job_execution_id = ? AND step_name = 'link'", Double.class,
                        run.jobExecutionId());
                long reports = jdbc.queryForObject("SELECT count(*) FROM shortage_report", Long.class);
                double[] store = storeAgain(dataSource, jdbc, reportColumns, reports);
                double storeSeconds = store[0];
                double floorRate = run.read() / (storeSeconds + linkSeconds);
                double copyRate = rows / copySeconds;
                double ingestRate = run.read() / ingestSeconds;
                System.out.printf("round %d%s: COPY %,d rows in %.3f s (%,.0f rows/s; CPU s: JVM %.2f, server %.2f); "
                                + "ingest %,d rows in %.3f s (%,.0f rows/s; steps: %s; CPU s: JVM %.2f, server %.2f); "
                                + "ratio %.2f; floor: mapped reports stored again in %.3f s (with only the id and "
                                + "source key indexes %.3f s, in a bare table %.3f s) + link step = ratio %.2f%n",
                        round, round <= 0 ? " (warm-up" + (round == 1 - warmUp ? ", cold JVM)" : ")") : "", rows,
                        copySeconds, copyRate,
                        cpuCopied[0] - cpuBefore[0], cpuCopied[1] - cpuBefore[1], run.read(), ingestSeconds,
                        ingestRate, steps, cpuIngested[0] - cpuCleared[0], cpuIngested[1] - cpuCleared[1],
                        ingestRate / copyRate, storeSeconds, store[1], store[2], floorRate / copyRate);
                if (round > 0) {
                    copyRates.add(copyRate);
                    ingestRates.add(ingestRate);
                    floorRates.add(floorRate / copyRate);
                }
            }
            double copy = median(copyRates);
            double ingest = median(ingestRates);
            System.out.printf("median of rounds 1-%d (after %d warm-up): COPY %,.0f rows/s, ingest %,.0f rows/s, ratio %.2f "
                    + "(target >= 0.40); floor ratio %.2f%n", rounds, warmUp, copy, ingest, ingest / copy,
                    median(floorRates));
        }
    }

    /**
     * Copies the stored reports out in binary, in chunks of the ingest's size, empties the shortage tables and COPYs
     * the same bytes back in, a chunk per statement as the ingest does: the server storing reports that need no
     * parsing, mapping or encoding. Returns the seconds of that COPY, then of the
     * same bytes into a table of the same columns with only the primary key and the unique source key (what any
     * deduplicating store needs), then into one with no index, constraint or trigger at all.
     */
    private static double[] storeAgain(DataSource dataSource, JdbcTemplate jdbc, String columns, long reports)
            throws Exception {
        List<byte[]> bytes = new ArrayList<>();
        int chunk = ShortageIngestJobConfiguration.CHUNK;
        try (var connection = dataSource.getConnection()) {
            for (long offset = 0; offset < reports; offset += chunk) {
                ByteArrayOutputStream encoded = new ByteArrayOutputStream(4 << 20);
                connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + columns
                        + " FROM shortage_report ORDER BY id LIMIT " + chunk + " OFFSET " + offset
                        + ") TO STDOUT (FORMAT binary)", encoded);
                bytes.add(encoded.toByteArray());
            }
        }
        jdbc.execute("TRUNCATE shortage_report_link, shortage_report_version, shortage_report");
        double real = copyIn(dataSource, jdbc, "shortage_report", columns, bytes, reports);
        jdbc.execute("DROP TABLE IF EXISTS shortage_floor_keys, shortage_floor_bare");
        jdbc.execute("CREATE TABLE shortage_floor_bare (LIKE shortage_report INCLUDING DEFAULTS INCLUDING IDENTITY)");
        jdbc.execute("CREATE TABLE shortage_floor_keys (LIKE shortage_report INCLUDING DEFAULTS INCLUDING IDENTITY, "
                + "PRIMARY KEY (id), UNIQUE (source, source_key))");
        double keys = copyIn(dataSource, jdbc, "shortage_floor_keys", columns, bytes, reports);
        double bare = copyIn(dataSource, jdbc, "shortage_floor_bare", columns, bytes, reports);
        jdbc.execute("DROP TABLE shortage_floor_keys, shortage_floor_bare");
        return new double[] {real, keys, bare};
    }

    /** COPYs the chunks in, one statement and transaction each, as the ingest writes them; returns the seconds. */
    private static double copyIn(DataSource dataSource, JdbcTemplate jdbc, String table, String columns,
                                 List<byte[]> chunks, long reports) throws Exception {
        jdbc.execute("CHECKPOINT");
        long start = System.nanoTime();
        long stored = 0;
        try (var connection = dataSource.getConnection()) {
            for (byte[] chunk : chunks) {
                stored += connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns
                        + ") FROM STDIN (FORMAT binary)", new ByteArrayInputStream(chunk));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (stored != reports) {
            throw new IllegalStateException("stored " + stored + " reports in " + table + ", not " + reports);
        }
        return seconds;
    }

    /**
     * CPU seconds used so far by this JVM and by the database server whose data directory this is (its postmaster
     * and every process it started, read from /proc; NaN where there is no /proc).
     */
    private static double[] cpu(Path dataDirectory) {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double server = 0;
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(process.getFileName().toString());
                        if (pid == postmaster || Long.parseLong(fields[1]) == postmaster) {
                            server += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended while being read
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            server = Double.NaN;
        }
        return new double[] {jvm, server};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
