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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * <p>The lines are posted day by day across all series, in steps of {@value #CHUNK} lines, one transaction each, and
 * the {@code dataset_load} row records the steps done. The generator is deterministic, so a load interrupted by a
 * crash regenerates the same lines from the recorded parameters and resumes after the last step committed. Runs once:
 * a call after a complete load changes nothing.
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
                for (int part = 0; part < planned.parts().size(); part++) {
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
        writeParts(plan, maxSteps);
        transaction.executeWithoutResult(status -> {
            List<Long> progress = jdbc.queryForList("SELECT progress FROM dataset_load_step WHERE name = ? "
                    + "ORDER BY part", Long.class, DATASET);
            boolean done = progress.size() == plan.parts().size();
            long written = 0;
            for (int part = 0; part < progress.size(); part++) {
                List<Posting> lines = plan.parts().get(part);
                done &= progress.get(part) >= chunks(lines);
                written += Math.min(lines.size(), progress.get(part) * chunkSize);
            }
            jdbc.update("UPDATE dataset_load SET rows = ?, complete = ?, loaded_at = now() WHERE name = ?",
                    written, done, DATASET);
            if (done) {
                audit(written, plan);
            }
        });
        long movements = plan.parts().stream().mapToLong(List::size).sum();
        Summary summary = new Summary(false, plan.sites(), plan.products(),
                plan.series(), plan.lots(), movements, plan.movementsByType(), plan.series(),
                plan.settings().startDate(), plan.settings().resolvedEndDate(), plan.driver(),
                System.currentTimeMillis() - begin);
        log.info("Demo stock generated: {} series over {} sites and {} products, {} lots, {} movements {}, "
                        + "{} policies, {}..{} ({}) by {} writers in {} ms", summary.series(), summary.sites(),
                summary.products(), summary.lots(), summary.movements(), summary.movementsByType(), summary.policies(),
                summary.start(), summary.end(), summary.driver(), plan.parts().size(), summary.millis());
        return summary;
    }

    private long chunks(List<Posting> part) {
        return (part.size() + chunkSize - 1) / chunkSize;
    }

    /**
     * Records the load in the audit log, as every history load is: history is written past the API's backdating
     * window only by such a load, never by a request.
     */
    private void audit(long written, Plan plan) {
        jdbc.update("INSERT INTO audit_event (client, actor, method, path, status, outcome, summary) "
                        + "VALUES (?, ?, 'LOAD', ?, 201, 'APPLIED', ?)", ACTOR, ACTOR, "history-load/" + DATASET,
                "history load of " + written + " synthetic ledger lines dated " + plan.settings().startDate() + ".."
                        + plan.settings().resolvedEndDate() + " (" + plan.details() + ")");
    }

    /** Each writer posts its share of the lines, step by step, on a connection of its own. */
    private void writeParts(Plan plan, long maxSteps) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                plan.parts().size(), runnable -> {
                    Thread thread = new Thread(runnable, "demo-stock-writer");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int p = 0; p < plan.parts().size(); p++) {
                int part = p;
                running.add(pool.submit(() -> {
                    List<Posting> lines = plan.parts().get(part);
                    long chunks = chunks(lines);
                    for (long chunk = 0; chunk < Math.min(chunks, maxSteps); chunk++) {
                        long index = chunk;
                        transaction.executeWithoutResult(status -> postChunk(lines, part, index));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> writer : running) {
                writer.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the demo stock load was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("a demo stock writer failed: " + cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Posts one step of a writer's lines and records it, unless a concurrent or earlier load already did. */
    private void postChunk(List<Posting> lines, int part, long chunk) {
        Long progress = jdbc.queryForObject("SELECT progress FROM dataset_load_step WHERE name = ? AND part = ? "
                + "FOR UPDATE", Long.class, DATASET, part);
        if (progress == null || progress > chunk) {
            return;
        }
        int from = (int) (chunk * chunkSize);
        post(lines.subList(from, Math.min(lines.size(), from + chunkSize)));
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
     * Simulates every series and lays the lines out day by day across series. On a first load it also writes the data
     * source, the lots and the policies; on a resumed one it finds the lots it wrote.
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
        List<Posting> lines = new ArrayList<>();
        Map<String, Long> byType = new TreeMap<>();
        long lots = 0;
        List<SimulatedSeries> system = simulator.simulateAll(pairs.stream().map(Pair::spec).toList());
        for (int i = 0; i < pairs.size(); i++) {
            Pair pair = pairs.get(i);
            SimulatedSeries series = system.get(i);
            long[] lotIds = first ? insertLots(pair.product().id(), series.lots())
                    : findLots(pair.product().id(), series.lots());
            lots += lotIds.length;
            if (first) {
                SimulatedSeries.Policy policy = series.policy();
                jdbc.update("INSERT INTO stock_policy (site_id, product_id, safety_stock, reorder_point, max_stock, "
                                + "reserve_floor, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)", pair.site().id(),
                        pair.product().id(), policy.safetyStock(), policy.reorderPoint(), policy.maxStock(),
                        policy.reserveFloor(), ACTOR);
            }
            int receipts = 0;
            for (SimulatedSeries.Line line : series.lines()) {
                LocalDate day = series.day(line.day());
                String document = switch (line.type()) {
                    case RECEIPT -> "DEMO-PO-" + pair.site().code() + "-" + (++receipts);
                    case COUNT_CORRECTION -> "DEMO-COUNT-" + day;
                    case TRANSFER_OUT, TRANSFER_IN -> line.reference();
                    default -> null;
                };
                lines.add(new Posting(line.day(), i, pair.site().id(), pair.product().id(), lotIds[line.lot()],
                        line.type().name(), line.quantity(), line.reason().name(), occurredAt(line, day), document,
                        line.priorOnHand()));
                byType.merge(line.type().name(), 1L, Long::sum);
            }
        }
        // Stable: within a day and a series the simulator's own order (receipts before issues) is kept. Each writer
        // takes every writers-th series, so writers never touch the same balance.
        lines.sort(Comparator.comparingInt(Posting::day).thenComparingInt(Posting::series));
        List<List<Posting>> parts = new ArrayList<>();
        for (int p = 0; p < writers; p++) {
            parts.add(new ArrayList<>());
        }
        for (Posting line : lines) {
            parts.get(line.series() % writers).add(line);
        }
        long distinctProducts = pairs.stream().map(p -> p.product().code()).distinct().count();
        String details = "seed " + settings.seed() + ", " + settings.days() + " days " + settings.startDate() + ".."
                + end + ", " + pairs.size() + " series, " + lines.size() + " movements, driver: " + driver.describe();
        return new Plan(settings, sites.size(), (int) distinctProducts, pairs.size(), lots,
                parts.stream().map(List::copyOf).toList(), byType, driver.describe(), details);
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
     * Writes the series' lots; a lot a depot shipped to a site is already written (by whichever of the two series came
     * first) and is found, not written again.
     */
    private long[] insertLots(long productId, List<SimulatedSeries.Lot> lots) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO lot (product_id, lot_number, labelled_expiry, extended_expiry)
                SELECT ?, number, expiry, extended
                  FROM unnest(?::text[], ?::date[], ?::date[]) WITH ORDINALITY AS l(number, expiry, extended, n)
                 ORDER BY n
                    ON CONFLICT (product_id, lot_number) DO NOTHING""")) {
            insert.setLong(1, productId);
            insert.setArray(2, connection.createArrayOf("text",
                    lots.stream().map(SimulatedSeries.Lot::number).toArray()));
            insert.setArray(3, connection.createArrayOf("date",
                    lots.stream().map(l -> java.sql.Date.valueOf(l.labelledExpiry())).toArray()));
            insert.setArray(4, connection.createArrayOf("date", lots.stream()
                    .map(l -> l.extendedExpiry() == null ? null : java.sql.Date.valueOf(l.extendedExpiry()))
                    .toArray()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the demo lots: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return findLots(productId, lots);
    }

    private long[] findLots(long productId, List<SimulatedSeries.Lot> lots) {
        Map<String, Long> byNumber = new HashMap<>();
        jdbc.query("SELECT id, lot_number FROM lot WHERE product_id = ? AND lot_number = ANY (?)", rs -> {
            byNumber.put(rs.getString("lot_number"), rs.getLong("id"));
        }, productId, lots.stream().map(SimulatedSeries.Lot::number).toArray(String[]::new));
        long[] ids = new long[lots.size()];
        for (int i = 0; i < ids.length; i++) {
            Long id = byNumber.get(lots.get(i).number());
            if (id == null) {
                throw new IllegalStateException("demo lot " + lots.get(i).number() + " is missing; the interrupted "
                        + "load cannot resume");
            }
            ids[i] = id;
        }
        return ids;
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

    /** One ledger line to post, with where it sits in the day-by-day order. */
    private record Posting(int day, int series, long site, long product, long lot, String type, long quantity,
                           String reason, OffsetDateTime occurredAt, String document, Long prior) {
    }

    /** Everything one load writes. */
    private record Plan(DemoStockSettings settings, int sites, int products, int series, long lots,
                        List<List<Posting>> parts, Map<String, Long> movementsByType, String driver, String details) {
    }
}
