package org.stockbridge.batch.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.domain.ledger.MovementType;
import org.stockbridge.domain.ledger.ReasonCode;
import org.stockbridge.domain.ledger.SiteContext;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.driver.HospitalCensus;
import org.stockbridge.forecasting.simulation.DemoStockSimulator;
import org.stockbridge.forecasting.simulation.SeriesSpec;
import org.stockbridge.forecasting.simulation.SimulatedSeries;

/**
 * Generates the synthetic demo stock into the ledger: for the ASPR regional sites, the PHAC depots and a sample of
 * dispensing sites, the lots, receipts, two years of daily issues and deployments, the transfers by which depots
 * resupply the sites they serve ({@code TRANSFER_OUT} at the depot and {@code TRANSFER_IN} of the same lot and quantity
 * at the site, sharing their document reference), expiry and damage write-offs and quarterly counts that
 * {@link DemoStockSimulator} draws for the whole stockpile system, and the stock policies they were run by. Every line
 * is inserted into the ledger, whose triggers check it and move its balance exactly as for an API write; lines are
 * flagged synthetic and no balance is written any other way. The history's transfer lines are plain ledger lines with
 * no {@code transfer} workflow record: they moved before the workflow existed, and nothing can reverse them as a
 * plain reversal would a workflow's dispatch.
 *
 * <p>The load streams: {@link DemoStockSimulator.Stepper} simulates the whole system one day at a time, and each
 * day's lines (in series order) go to the writers and are let go, so memory holds the series' state and a few days of
 * lines whatever the size, not the history (the 100x profile has about 26 million lines). The lots a day brings are
 * written before its lines, in one statement. Each writer posts its share of the series in steps of {@value #CHUNK}
 * lines, one transaction each, and the {@code dataset_load_step} rows record the steps done. The generator is
 * deterministic, so a load interrupted by a crash regenerates the same lines from the recorded parameters and resumes
 * after the last step committed. Runs once: a call after a complete load changes nothing.
 */
@Component
public class DemoStockLoader {

    public static final String DATASET = "demo-stock";
    public static final String ACTOR = "demo-generator";
    static final String CENSUS = "hhs-hospital-capacity-state/"
            + "COVID-19_Reported_Patient_Impact_and_Hospital_Capacity_by_State_Timeseries_subset.csv";
    private static final Logger log = LoggerFactory.getLogger(DemoStockLoader.class);
    static final int CHUNK = 5_000;
    /** Lines are written by this many connections at once, each its own share of the series. */
    static final int WRITERS = 2;
    /** How many days of lines may wait for a writer before the generator waits for it. */
    static final int QUEUED_DAYS = 8;
    private static final List<String> DEPOT_PPE = List.of("PPE-n95", "PPE-surgical_mask", "PPE-gown",
            "PPE-nitrile_gloves", "PPE-face_shield", "PPE-sanitizer", "PPE-coveralls", "PPE-disinfecting_wipes");
    private static final List<String> DISPENSING_PPE = List.of("PPE-n95", "PPE-surgical_mask");
    private static final Map<MovementType, LocalTime> TIME_OF_DAY = Map.of(
            MovementType.RECEIPT, LocalTime.of(7, 0),
            MovementType.COUNT_CORRECTION, LocalTime.of(9, 0),
            MovementType.TRANSFER_IN, LocalTime.of(8, 0),
            MovementType.ISSUE, LocalTime.of(15, 0),
            MovementType.TRANSFER_OUT, LocalTime.of(16, 0));

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final int chunkSize;
    private final int writers;

    @Autowired
    public DemoStockLoader(DataSource dataSource) {
        this(dataSource, CHUNK, WRITERS);
    }

    DemoStockLoader(DataSource dataSource, int chunkSize, int writers) {
        this.chunkSize = chunkSize;
        this.writers = writers;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** What a load did. */
    public record Summary(boolean alreadyLoaded, int sites, int products, int series, long lots, long movements,
                          Map<String, Long> movementsByType, long policies, LocalDate start, LocalDate end,
                          String driver, long millis) {
    }

    public boolean alreadyLoaded() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM dataset_load WHERE name = ?)", Boolean.class, DATASET));
    }

    /**
     * @param dataDirectory the folder of the real files (for the HHS hospital census that drives U.S. PPE demand);
     *                      when the census file is missing, PPE demand is generated without that driver
     */
    public Summary load(DemoStockSettings settings, Path dataDirectory) {
        return load(settings, dataDirectory, Long.MAX_VALUE);
    }

    /** Loads, each writer stopping after {@code maxSteps} steps as a crash would (for tests of the resume). */
    Summary load(DemoStockSettings settings, Path dataDirectory, long maxSteps) {
        long begin = System.currentTimeMillis();
        Plan plan = transaction.execute(status -> {
            jdbc.execute("LOCK TABLE dataset_load IN SHARE ROW EXCLUSIVE MODE");
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT complete, parameters FROM dataset_load WHERE name = ?", DATASET);
            if (!rows.isEmpty() && Boolean.TRUE.equals(rows.get(0).get("complete"))) {
                return null;
            }
            requireReferenceData();
            String parameters = rows.isEmpty() ? DemoLoadParameters.format(DemoLoadParameters.pinned(settings), writers)
                    : (String) rows.get(0).get("parameters");
            Plan planned = plan(DemoLoadParameters.parse(parameters), DemoLoadParameters.parts(parameters),
                    dataDirectory, rows.isEmpty());
            if (rows.isEmpty()) {
                jdbc.update("INSERT INTO dataset_load (name, rows, details, complete, progress, parameters) "
                        + "VALUES (?, 0, ?, false, 0, ?)", DATASET, planned.details(), parameters);
                for (int part = 0; part < planned.parts(); part++) {
                    jdbc.update("INSERT INTO dataset_load_step (name, part) VALUES (?, ?)", DATASET, part);
                }
            } else {
                log.info("Resuming the interrupted demo stock load ({})", planned.details());
            }
            return planned;
        });
        if (plan == null) {
            return existing(begin);
        }
        Streamed streamed = stream(plan, maxSteps);
        String details = plan.details() + ", " + streamed.movements() + " movements";
        transaction.executeWithoutResult(status -> {
            List<Long> progress = jdbc.queryForList("SELECT progress FROM dataset_load_step WHERE name = ? "
                    + "ORDER BY part", Long.class, DATASET);
            boolean done = progress.size() == plan.parts();
            long written = 0;
            for (int part = 0; part < progress.size(); part++) {
                long lines = part < plan.parts() ? streamed.lines()[part] : 0;
                done &= progress.get(part) >= chunks(lines);
                written += Math.min(lines, progress.get(part) * chunkSize);
            }
            jdbc.update("UPDATE dataset_load SET rows = ?, complete = ?, details = ?, loaded_at = now() "
                    + "WHERE name = ?", written, done, details, DATASET);
            if (done) {
                audit(written, plan, details);
            }
        });
        // The planner's statistics of tables a load just filled (autovacuum may be off, or not yet round): without
        // them it estimates one row where there are millions and reads the history by nested loops.
        jdbc.execute("ANALYZE movement, balance, lot, stock_policy, outflow_day");
        Summary summary = new Summary(false, plan.sites(), plan.products(),
                plan.series(), streamed.lots(), streamed.movements(), streamed.byType(), plan.series(),
                plan.settings().startDate(), plan.settings().resolvedEndDate(), plan.driver(),
                System.currentTimeMillis() - begin);
        log.info("Demo stock generated: {} series over {} sites and {} products, {} lots, {} movements {}, "
                        + "{} policies, {}..{} ({}) by {} writers in {} ms", summary.series(), summary.sites(),
                summary.products(), summary.lots(), summary.movements(), summary.movementsByType(), summary.policies(),
                summary.start(), summary.end(), summary.driver(), plan.parts(), summary.millis());
        return summary;
    }

    private long chunks(long lines) {
        return (lines + chunkSize - 1) / chunkSize;
    }

    /**
     * Records the load in the audit log, as every history load is: history is written past the API's backdating
     * window only by such a load, never by a request.
     */
    private void audit(long written, Plan plan, String details) {
        jdbc.update("INSERT INTO audit_event (client, actor, method, path, status, outcome, summary) "
                        + "VALUES (?, ?, 'LOAD', ?, 201, 'APPLIED', ?)", ACTOR, ACTOR, "history-load/" + DATASET,
                "history load of " + written + " synthetic ledger lines dated " + plan.settings().startDate() + ".."
                        + plan.settings().resolvedEndDate() + " (" + details + ")");
    }

    /** What the stream wrote: lines per writer, lots over the series, lines by type. */
    private record Streamed(long[] lines, long lots, long movements, Map<String, Long> byType) {
    }

    /** Marks the end of a writer's queue. */
    private static final List<Posting> END = List.of();

    /**
     * Simulates day by day on this thread and hands each day's lines to the writers through bounded queues (each
     * writer takes every writers-th series, so writers never touch the same balance); each writer posts its lines in
     * steps on a connection of its own. The generator waits while a writer is {@value #QUEUED_DAYS} days behind.
     */
    private Streamed stream(Plan plan, long maxSteps) {
        int parts = plan.parts();
        List<BlockingQueue<List<Posting>>> queues = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            queues.add(new ArrayBlockingQueue<>(QUEUED_DAYS));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts, runnable -> {
            Thread thread = new Thread(runnable, "demo-stock-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Long>> running = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int part = p;
                running.add(pool.submit(() -> write(queues.get(part), part, maxSteps)));
            }
            DemoStockSimulator.Stepper system = plan.system();
            List<Pair> pairs = plan.pairs();
            long[][] lotIds = new long[pairs.size()][];
            int[] receipts = new int[pairs.size()];
            Map<String, Long> byType = new TreeMap<>();
            long movements = 0;
            while (system.hasNextDay()) {
                int day = system.day();
                system.advance();
                writeLots(system, pairs, lotIds);
                LocalDate date = plan.settings().startDate().plusDays(day);
                Map<MovementType, OffsetDateTime> times = new EnumMap<>(MovementType.class);
                List<List<Posting>> batches = new ArrayList<>();
                for (int p = 0; p < parts; p++) {
                    batches.add(new ArrayList<>());
                }
                for (int i = 0; i < pairs.size(); i++) {
                    Pair pair = pairs.get(i);
                    for (SimulatedSeries.Line line : system.drain(i)) {
                        String document = switch (line.type()) {
                            case RECEIPT -> "DEMO-PO-" + pair.site().code() + "-" + (++receipts[i]);
                            case COUNT_CORRECTION -> "DEMO-COUNT-" + date;
                            case TRANSFER_OUT, TRANSFER_IN -> line.reference();
                            default -> null;
                        };
                        OffsetDateTime occurred = line.type() == MovementType.WRITE_OFF
                                ? occurredAt(line, date)
                                : times.computeIfAbsent(line.type(), t -> occurredAt(line, date));
                        batches.get(i % parts).add(new Posting(pair.site().id(), pair.product().id(),
                                lotIds[i][line.lot()], line.type().name(), line.quantity(), line.reason().name(),
                                occurred, document, line.priorOnHand()));
                        byType.merge(line.type().name(), 1L, Long::sum);
                        movements++;
                    }
                }
                for (int p = 0; p < parts; p++) {
                    if (!batches.get(p).isEmpty()) {
                        hand(queues.get(p), batches.get(p), running);
                    }
                }
            }
            for (int p = 0; p < parts; p++) {
                hand(queues.get(p), END, running);
            }
            long[] lines = new long[parts];
            for (int p = 0; p < parts; p++) {
                lines[p] = running.get(p).get();
            }
            long lots = 0;
            for (int i = 0; i < pairs.size(); i++) {
                lots += system.lots(i).size();
            }
            return new Streamed(lines, lots, movements, byType);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the demo stock load was interrupted", e);
        } catch (ExecutionException e) {
            throw writerFailed(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Queues a writer's lines, waiting while its queue is full; fails as soon as any writer has failed. */
    private static void hand(BlockingQueue<List<Posting>> queue, List<Posting> batch, List<Future<Long>> writers)
            throws InterruptedException, ExecutionException {
        while (!queue.offer(batch, 200, TimeUnit.MILLISECONDS)) {
            for (Future<Long> writer : writers) {
                if (writer.isDone()) {
                    writer.get();
                    throw new IllegalStateException("a demo stock writer stopped before the end of its lines");
                }
            }
        }
    }

    private static RuntimeException writerFailed(ExecutionException e) {
        Throwable cause = e.getCause();
        return cause instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("a demo stock writer failed: " + cause.getMessage(), cause);
    }

    /**
     * One writer: posts its lines in steps of {@code chunkSize}, skipping the steps a previous load committed; after
     * {@code maxSteps} steps it only counts (as a crash would have stopped it). Answers how many lines were its share.
     */
    private long write(BlockingQueue<List<Posting>> queue, int part, long maxSteps) throws InterruptedException {
        List<Posting> step = new ArrayList<>(chunkSize);
        long lines = 0;
        long chunk = 0;
        while (true) {
            List<Posting> batch = queue.take();
            if (batch == END) {
                break;
            }
            for (Posting line : batch) {
                step.add(line);
                lines++;
                if (step.size() == chunkSize) {
                    postStep(step, part, chunk++, maxSteps);
                    step.clear();
                }
            }
        }
        if (!step.isEmpty()) {
            postStep(step, part, chunk, maxSteps);
        }
        return lines;
    }

    private void postStep(List<Posting> step, int part, long chunk, long maxSteps) {
        if (chunk < maxSteps) {
            transaction.executeWithoutResult(status -> postChunk(step, part, chunk));
        }
    }

    /** Posts one step of a writer's lines and records it, unless a concurrent or earlier load already did. */
    private void postChunk(List<Posting> lines, int part, long chunk) {
        Long progress = jdbc.queryForObject("SELECT progress FROM dataset_load_step WHERE name = ? AND part = ? "
                + "FOR UPDATE", Long.class, DATASET, part);
        if (progress == null || progress > chunk) {
            return;
        }
        post(lines);
        jdbc.update("UPDATE dataset_load_step SET progress = ? WHERE name = ? AND part = ?", chunk + 1, DATASET, part);
    }

    private void requireReferenceData() {
        Long sites = jdbc.queryForObject("SELECT count(*) FROM site", Long.class);
        if (sites == null || sites == 0) {
            throw new IllegalStateException("the demo stock needs the reference data (sites and products) loaded first");
        }
    }

    private Summary existing(long begin) {
        Map<String, Object> row = jdbc.queryForMap("SELECT rows, details FROM dataset_load WHERE name = ?", DATASET);
        long movements = ((Number) row.get("rows")).longValue();
        return new Summary(true, 0, 0, 0, 0, movements, Map.of(), 0, null, null, String.valueOf(row.get("details")),
                System.currentTimeMillis() - begin);
    }

    /**
     * Chooses the series and starts their simulation. On a first load it also writes the data source and the policies
     * (known before the first day); the lots are written as the days bring them.
     */
    private Plan plan(DemoStockSettings settings, int writers, Path dataDirectory, boolean first) {
        if (first) {
            jdbc.update("INSERT INTO data_source (code, title, publisher, origin, licence, synthetic) VALUES "
                    + "('synthetic-demo', 'Synthetic demo stock', 'Stockbridge demo generator', "
                    + "'generated from a seed by DemoStockSimulator', 'synthetic, no restrictions', true) "
                    + "ON CONFLICT (code) DO NOTHING");
        }
        LocalDate end = settings.resolvedEndDate();
        DemandDriver driver = driver(dataDirectory, end);
        DemoStockSimulator simulator = new DemoStockSimulator(settings.seed(), settings.startDate(), settings.days(),
                driver);
        List<Site> sites = sites(settings);
        Products products = products(settings);
        List<Pair> pairs = new ArrayList<>();
        for (Site site : sites) {
            List<Product> stocked = site.kind() == SiteKind.DISPENSING ? products.dispensing()
                    : products.depot(site.context().jurisdiction());
            for (Product product : stocked) {
                pairs.add(new Pair(site, product, new SeriesSpec(site.code(), site.region(), site.context(),
                        site.kind(), product.code(), product.kind(), product.respiratory(), product.packSize())));
            }
        }
        DemoStockSimulator.Stepper system = simulator.stepper(pairs.stream().map(Pair::spec).toList());
        if (first) {
            writePolicies(system, pairs);
        }
        long distinctProducts = pairs.stream().map(p -> p.product().code()).distinct().count();
        String details = "seed " + settings.seed() + ", " + settings.days() + " days " + settings.startDate() + ".."
                + end + ", " + pairs.size() + " series, driver: " + driver.describe();
        return new Plan(settings, sites.size(), (int) distinctProducts, pairs, system, writers, driver.describe(),
                details);
    }

    /** Writes every series' stock policy, {@value #CHUNK} to a statement. */
    private void writePolicies(DemoStockSimulator.Stepper system, List<Pair> pairs) {
        for (int from = 0; from < pairs.size(); from += CHUNK) {
            int to = Math.min(pairs.size(), from + CHUNK);
            List<Object[]> rows = new ArrayList<>();
            for (int i = from; i < to; i++) {
                SimulatedSeries.Policy policy = system.policy(i);
                rows.add(new Object[] {pairs.get(i).site().id(), pairs.get(i).product().id(), policy.safetyStock(),
                        policy.reorderPoint(), policy.maxStock(), policy.reserveFloor()});
            }
            jdbc.update("""
                    INSERT INTO stock_policy (site_id, product_id, safety_stock, reorder_point, max_stock,
                                              reserve_floor, updated_by)
                    SELECT site, product, safety, reorder, maximum, floor, ?
                      FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                           WITH ORDINALITY AS p(site, product, safety, reorder, maximum, floor, n)
                     ORDER BY n""", ACTOR, column(rows, 0), column(rows, 1), column(rows, 2), column(rows, 3),
                    column(rows, 4), column(rows, 5));
        }
    }

    private static Long[] column(List<Object[]> rows, int index) {
        return rows.stream().map(r -> (Long) r[index]).toArray(Long[]::new);
    }

    private static DemandDriver driver(Path dataDirectory, LocalDate end) {
        Path census = dataDirectory == null ? null : dataDirectory.resolve(CENSUS);
        if (census == null || !Files.isRegularFile(census)) {
            log.warn("Hospital census {} not found: U.S. PPE demo demand is generated without its driver", census);
            return DemandDriver.NONE;
        }
        return HospitalCensus.read(census).replayedTo(end);
    }

    private List<Site> sites(DemoStockSettings settings) {
        List<Site> sites = new ArrayList<>(jdbc.query("SELECT id, code, region, jurisdiction, federal, kind FROM site "
                + "WHERE kind IN ('NATIONAL', 'REGIONAL', 'PROVINCIAL', 'STATE') ORDER BY code", (rs, n) -> site(rs)));
        if (settings.dispensingSites() > 0) {
            // Round-robin over the regions, each in a seeded order, until enough are taken (or all of them).
            sites.addAll(jdbc.query("""
                    SELECT id, code, region, jurisdiction, federal, kind FROM (
                        SELECT s.*, row_number() OVER (PARTITION BY region ORDER BY md5(code || ?)) AS pick
                          FROM site s WHERE kind = 'DISPENSING' AND latitude IS NOT NULL) sample
                     ORDER BY pick, region LIMIT ?""",
                    (rs, n) -> site(rs), String.valueOf(settings.seed()), settings.dispensingSites()));
        }
        return sites;
    }

    private static Site site(ResultSet rs) throws SQLException {
        return new Site(rs.getLong("id"), rs.getString("code"), rs.getString("region"),
                new SiteContext(Jurisdiction.valueOf(rs.getString("jurisdiction")), rs.getBoolean("federal")),
                SiteKind.valueOf(rs.getString("kind")));
    }

    private Products products(DemoStockSettings settings) {
        Map<String, Product> ppe = new HashMap<>();
        jdbc.query("SELECT id, code, kind, pack_size, atc_code FROM product WHERE code = ANY (?)",
                rs -> {
                    ppe.put(rs.getString("code"), product(rs));
                }, (Object) DEPOT_PPE.toArray(String[]::new));
        List<Product> depotPpe = DEPOT_PPE.stream().filter(ppe::containsKey).map(ppe::get).toList();
        List<Product> us = new ArrayList<>(depotPpe);
        List<Product> ca = new ArrayList<>(depotPpe);
        // Cross-border groups, hospital injectables first (what stockpiles hold most), one product per country each.
        jdbc.query("""
                WITH groups AS (
                    SELECT g.id, g.code FROM equivalence_group g
                     WHERE EXISTS (SELECT 1 FROM product p WHERE p.equivalence_group_id = g.id AND p.market_jurisdiction = 'US')
                       AND EXISTS (SELECT 1 FROM product p WHERE p.equivalence_group_id = g.id AND p.market_jurisdiction = 'CA')
                     ORDER BY (g.dosage_form ILIKE '%parenteral%' OR g.name ILIKE '%parenteral%') DESC, g.code LIMIT ?)
                SELECT DISTINCT ON (g.code, p.market_jurisdiction) p.id, p.code, p.kind, p.pack_size, p.atc_code,
                       p.market_jurisdiction
                  FROM groups g JOIN product p ON p.equivalence_group_id = g.id
                 WHERE p.market_jurisdiction IN ('US', 'CA')
                 ORDER BY g.code, p.market_jurisdiction, p.code""",
                rs -> {
                    (rs.getString("market_jurisdiction").equals("US") ? us : ca).add(product(rs));
                }, settings.drugGroups());
        List<Product> dispensing = new ArrayList<>();
        jdbc.query("SELECT id, code, kind, pack_size, atc_code FROM product WHERE kind = 'DRUG' "
                + "AND upper(name) LIKE 'EVUSHELD%' ORDER BY code LIMIT 1", rs -> {
                    dispensing.add(product(rs));
                });
        // The depot range a dispensing site also stocks: the masks first, then the rest of the U.S. depot range.
        List<Product> range = new ArrayList<>();
        DISPENSING_PPE.stream().filter(ppe::containsKey).map(ppe::get).forEach(range::add);
        us.stream().filter(p -> !range.contains(p)).forEach(range::add);
        range.stream().limit(settings.dispensingProducts()).forEach(dispensing::add);
        return new Products(us, ca, dispensing);
    }

    private static Product product(ResultSet rs) throws SQLException {
        ProductKind kind = ProductKind.valueOf(rs.getString("kind"));
        String atc = rs.getString("atc_code");
        boolean respiratory = kind == ProductKind.PPE
                || (atc != null && (atc.startsWith("J") || atc.startsWith("R") || atc.startsWith("H02")));
        return new Product(rs.getLong("id"), rs.getString("code"), kind, rs.getInt("pack_size"), respiratory);
    }

    private record Site(long id, String code, String region, SiteContext context, SiteKind kind) {
    }

    private record Product(long id, String code, ProductKind kind, int packSize, boolean respiratory) {
    }

    private record Products(List<Product> us, List<Product> ca, List<Product> dispensing) {

        List<Product> depot(Jurisdiction jurisdiction) {
            return jurisdiction == Jurisdiction.US ? us : ca;
        }
    }

    private record Pair(Site site, Product product, SeriesSpec spec) {
    }

    private static OffsetDateTime occurredAt(SimulatedSeries.Line line, LocalDate day) {
        LocalTime time = TIME_OF_DAY.getOrDefault(line.type(), LocalTime.of(7, 30));
        if (line.type() == MovementType.WRITE_OFF && line.reason() != ReasonCode.EXPIRED) {
            time = LocalTime.of(11, 0);
        }
        return day.atTime(time).atOffset(ZoneOffset.UTC);
    }

    /**
     * Writes the lots the last day brought to any series, in one statement, and learns their ids. A lot a depot
     * shipped to a site is already written (by whichever of the two series came first) and is found, not written
     * again; so is a lot an interrupted load wrote.
     */
    private void writeLots(DemoStockSimulator.Stepper system, List<Pair> pairs, long[][] lotIds) {
        List<Long> products = new ArrayList<>();
        List<SimulatedSeries.Lot> lots = new ArrayList<>();
        List<int[]> owners = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            List<SimulatedSeries.Lot> held = system.lots(i);
            int known = lotIds[i] == null ? 0 : lotIds[i].length;
            if (held.size() == known) {
                continue;
            }
            lotIds[i] = lotIds[i] == null ? new long[held.size()] : Arrays.copyOf(lotIds[i], held.size());
            for (int l = known; l < held.size(); l++) {
                products.add(pairs.get(i).product().id());
                lots.add(held.get(l));
                owners.add(new int[] {i, l});
            }
        }
        if (lots.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO lot (product_id, lot_number, labelled_expiry, extended_expiry)
                SELECT product, number, expiry, extended
                  FROM unnest(?::bigint[], ?::text[], ?::date[], ?::date[])
                       WITH ORDINALITY AS l(product, number, expiry, extended, n)
                 ORDER BY n
                    ON CONFLICT (product_id, lot_number) DO NOTHING""");
             PreparedStatement find = connection.prepareStatement("""
                SELECT l.id FROM unnest(?::bigint[], ?::text[]) WITH ORDINALITY AS w(product, number, n)
                  JOIN lot l ON l.product_id = w.product AND l.lot_number = w.number
                 ORDER BY w.n""")) {
            java.sql.Array productIds = connection.createArrayOf("bigint", products.toArray());
            java.sql.Array numbers = connection.createArrayOf("text",
                    lots.stream().map(SimulatedSeries.Lot::number).toArray());
            insert.setArray(1, productIds);
            insert.setArray(2, numbers);
            insert.setArray(3, connection.createArrayOf("date",
                    lots.stream().map(l -> java.sql.Date.valueOf(l.labelledExpiry())).toArray()));
            insert.setArray(4, connection.createArrayOf("date", lots.stream()
                    .map(l -> l.extendedExpiry() == null ? null : java.sql.Date.valueOf(l.extendedExpiry()))
                    .toArray()));
            insert.executeUpdate();
            find.setArray(1, productIds);
            find.setArray(2, numbers);
            int k = 0;
            try (ResultSet ids = find.executeQuery()) {
                while (ids.next()) {
                    int[] owner = owners.get(k++);
                    lotIds[owner[0]][owner[1]] = ids.getLong(1);
                }
            }
            if (k != lots.size()) {
                throw new IllegalStateException("found " + k + " of the " + lots.size() + " demo lots just written");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the demo lots: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Posts lines in order in one statement: an insert into the ledger, whose triggers (the same that
     * {@code post_movement} fires for every API write) check each line and move its balance atomically.
     */
    private void post(List<Posting> lines) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement post = connection.prepareStatement("""
                INSERT INTO movement (site_id, product_id, lot_id, type, quantity, reason_code, occurred_at, actor,
                                      document_ref, prior_on_hand, synthetic)
                SELECT l.site, l.product, l.lot, l.type, l.quantity, l.reason, l.occurred, ?, l.document, l.prior, true
                  FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[],
                              ?::timestamptz[], ?::text[], ?::bigint[])
                       WITH ORDINALITY AS l(site, product, lot, type, quantity, reason, occurred, document, prior, n)
                 ORDER BY l.n""")) {
            post.setString(1, ACTOR);
            post.setArray(2, connection.createArrayOf("bigint", lines.stream().map(Posting::site).toArray()));
            post.setArray(3, connection.createArrayOf("bigint", lines.stream().map(Posting::product).toArray()));
            post.setArray(4, connection.createArrayOf("bigint", lines.stream().map(Posting::lot).toArray()));
            post.setArray(5, connection.createArrayOf("text", lines.stream().map(Posting::type).toArray()));
            post.setArray(6, connection.createArrayOf("bigint", lines.stream().map(Posting::quantity).toArray()));
            post.setArray(7, connection.createArrayOf("text", lines.stream().map(Posting::reason).toArray()));
            post.setArray(8, connection.createArrayOf("timestamptz", lines.stream().map(Posting::occurredAt).toArray()));
            post.setArray(9, connection.createArrayOf("text", lines.stream().map(Posting::document).toArray()));
            post.setArray(10, connection.createArrayOf("bigint", lines.stream().map(Posting::prior).toArray()));
            int written = post.executeUpdate();
            if (written != lines.size()) {
                throw new IllegalStateException("the ledger took " + written + " of " + lines.size() + " demo lines");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger refused a demo line: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** One ledger line to post. */
    private record Posting(long site, long product, long lot, String type, long quantity, String reason,
                           OffsetDateTime occurredAt, String document, Long prior) {
    }

    /** What one load writes: the series, their simulation (not yet run) and how many writers post it. */
    private record Plan(DemoStockSettings settings, int sites, int products, List<Pair> pairs,
                        DemoStockSimulator.Stepper system, int parts, String driver, String details) {

        int series() {
            return pairs.size();
        }
    }
}
