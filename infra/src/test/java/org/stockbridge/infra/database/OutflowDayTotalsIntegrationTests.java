package org.stockbridge.infra.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stockbridge.infra.testing.DatabaseTest;

/**
 * The per-day outflow totals (V53) against a recomputation from the ledger itself: the unreversed ISSUE and
 * TRANSFER_OUT lines summed per (site, product, UTC day, lot), however the lines were written (post_movement one at a
 * time, a multi-row INSERT as the history loads write, lines dated before lines already posted, reversals) and by how
 * many writers at once.
 */
@DatabaseTest
class OutflowDayTotalsIntegrationTests {

    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    private final DatabaseEndpoint endpoint;
    private final Connection connection;
    private final List<long[]> lots = new ArrayList<>();
    private String source;

    OutflowDayTotalsIntegrationTests(DatabaseEndpoint endpoint) throws SQLException {
        this.endpoint = endpoint;
        this.connection = DatabaseAdministration.connect(endpoint);
    }

    /** Two sites and two products, two lots of each product at each site, each received 60 days ago. */
    @BeforeEach
    void sitesProductsAndLots() throws SQLException {
        String suffix = Long.toString(System.nanoTime());
        source = "t" + suffix;
        execute("INSERT INTO data_source (code, title, publisher, origin, licence) VALUES ('" + source
                + "', 't', 'p', 'o', 'l')");
        long agency = single("INSERT INTO agency (code, name, jurisdiction, kind, source) VALUES ('A" + suffix
                + "', 'Agency', 'US', 'FEDERAL', '" + source + "') RETURNING id");
        for (int s = 0; s < 2; s++) {
            long site = single("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, source) VALUES ('S"
                    + s + suffix + "', 'Site', 'US', " + agency + ", 'REGIONAL', 'HHS-1', '" + source + "') RETURNING id");
            for (int p = 0; p < 2; p++) {
                long product = s == 0
                        ? single("INSERT INTO product (code, kind, name, unit_of_issue, source) VALUES ('P" + p + suffix
                                + "', 'DRUG', 'Drug', 'vial', '" + source + "') RETURNING id")
                        : lots.get(p * 2)[1];
                for (int l = 0; l < 2; l++) {
                    long lot = s == 0
                            ? single("INSERT INTO lot (product_id, lot_number, labelled_expiry) VALUES (" + product
                                    + ", 'L" + l + "', DATE '2030-01-01') RETURNING id")
                            : lots.get(p * 2 + l)[2];
                    lots.add(new long[] {site, product, lot});
                    post(connection, new long[] {site, product, lot}, "RECEIPT", 1_000_000, NOW.minusDays(60), null);
                }
            }
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void a_line_counts_on_its_utc_day_and_a_reversal_takes_it_off_the_day_of_the_line_it_undoes() throws SQLException {
        long[] lot = lots.get(0);
        OffsetDateTime day = NOW.truncatedTo(ChronoUnit.DAYS).minusDays(10);
        post(connection, lot, "ISSUE", -7, day.minusSeconds(1), null);
        post(connection, lot, "ISSUE", -5, day, null);
        post(connection, lot, "TRANSFER_OUT", -3, day.plusHours(23).plusMinutes(59), null);
        long undone = post(connection, lot, "ISSUE", -11, day.plusHours(12), null);
        post(connection, lot, "WRITE_OFF", -2, day.plusHours(1), null);

        post(connection, lot, "REVERSAL", 11, NOW, undone);

        assertThat(totals()).containsExactly(
                Map.entry(key(lot, day.minusDays(1)), List.of(7L, 0L)),
                Map.entry(key(lot, day), List.of(5L, 3L)));
        assertThat(totals()).isEqualTo(recomputed());
    }

    @Test
    void the_totals_equal_a_recomputation_after_backdated_lines_reversals_and_a_multi_row_insert() throws SQLException {
        Random random = new Random(20);
        List<long[]> outflows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long[] lot = lots.get(random.nextInt(lots.size()));
            int choice = random.nextInt(10);
            if (choice < 2 && !outflows.isEmpty()) {
                long[] original = outflows.remove(random.nextInt(outflows.size()));
                post(connection, new long[] {original[1], original[2], original[3]}, "REVERSAL", original[4], NOW,
                        original[0]);
            } else {
                String type = choice < 7 ? "ISSUE" : "TRANSFER_OUT";
                long quantity = -1 - random.nextInt(50);
                // dated anywhere in the last 40 days, so most lines are dated before lines already posted
                OffsetDateTime at = NOW.minusMinutes(random.nextInt(40 * 24 * 60));
                long id = post(connection, lot, type, quantity, at, null);
                outflows.add(new long[] {id, lot[0], lot[1], lot[2], -quantity});
            }
        }
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            long[] lot = lots.get(random.nextInt(lots.size()));
            String type = List.of("ISSUE", "TRANSFER_OUT", "RECEIPT", "WRITE_OFF").get(random.nextInt(4));
            long quantity = (type.equals("RECEIPT") ? 1 : -1) * (1 + random.nextInt(50));
            rows.append(i == 0 ? "" : ", ").append("(").append(lot[0]).append(", ").append(lot[1]).append(", ")
                    .append(lot[2]).append(", '").append(type).append("', ").append(quantity).append(", ")
                    .append(type.equals("WRITE_OFF") ? "'DAMAGED'" : "NULL").append(", TIMESTAMPTZ '")
                    .append(NOW.minusMinutes(random.nextInt(40 * 24 * 60))).append("', 'loader')");
        }
        execute("INSERT INTO movement (site_id, product_id, lot_id, type, quantity, reason_code, occurred_at, actor) "
                + "VALUES " + rows);

        assertThat(totals()).hasSizeGreaterThan(100).isEqualTo(recomputed());
    }

    @Test
    void the_totals_equal_a_recomputation_after_concurrent_posts() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long seed = w;
                done.add(pool.submit(() -> write(seed, 80)));
            }
            int written = 0;
            for (Future<Integer> writer : done) {
                written += writer.get();
            }
            assertThat(written).isEqualTo(writers * 80);
        } finally {
            pool.shutdownNow();
        }

        assertThat(totals()).hasSizeGreaterThan(20).isEqualTo(recomputed());
    }

    /**
     * One writer: transactions of one to three lines on the shared lots (in lot order, as a document touching several
     * lots would have to be to avoid the balances' own lock order), some reversing its own earlier lines.
     */
    private int write(long seed, int transactions) throws SQLException {
        Random random = new Random(seed);
        List<long[]> outflows = new ArrayList<>();
        try (Connection writer = DatabaseAdministration.connect(endpoint)) {
            writer.setAutoCommit(false);
            for (int t = 0; t < transactions; t++) {
                if (random.nextInt(5) == 0 && !outflows.isEmpty()) {
                    long[] original = outflows.remove(random.nextInt(outflows.size()));
                    post(writer, new long[] {original[1], original[2], original[3]}, "REVERSAL", original[4], NOW,
                            original[0]);
                } else {
                    int first = random.nextInt(lots.size());
                    int count = 1 + random.nextInt(3);
                    for (int i = first; i < Math.min(lots.size(), first + count); i++) {
                        long[] lot = lots.get(i);
                        String type = random.nextBoolean() ? "ISSUE" : "TRANSFER_OUT";
                        long quantity = -1 - random.nextInt(20);
                        long id = post(writer, lot, type, quantity, NOW.minusMinutes(random.nextInt(3 * 24 * 60)),
                                null);
                        outflows.add(new long[] {id, lot[0], lot[1], lot[2], -quantity});
                    }
                }
                writer.commit();
            }
        }
        return transactions;
    }

    private static long post(Connection on, long[] lot, String type, long quantity, OffsetDateTime at, Long reverses)
            throws SQLException {
        try (PreparedStatement post = on.prepareStatement(
                "SELECT movement_id FROM post_movement(?, ?, ?, ?, ?, ?, ?, 'test', NULL, NULL, ?)")) {
            post.setLong(1, lot[0]);
            post.setLong(2, lot[1]);
            post.setLong(3, lot[2]);
            post.setString(4, type);
            post.setLong(5, quantity);
            post.setString(6, reverses != null ? "REVERSAL" : type.equals("WRITE_OFF") ? "DAMAGED" : null);
            post.setObject(7, at);
            if (reverses == null) {
                post.setNull(8, Types.BIGINT);
            } else {
                post.setLong(8, reverses);
            }
            try (ResultSet row = post.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The totals of this test's sites, leaving out rows whose lines were all reversed. */
    private Map<String, List<Long>> totals() throws SQLException {
        return rows("SELECT t.site_id, t.product_id, t.day, t.lot_id, t.issued, t.transferred_out FROM outflow_day t "
                + "JOIN site s ON s.id = t.site_id WHERE s.source = '" + source + "' "
                + "AND (t.issued <> 0 OR t.transferred_out <> 0)");
    }

    /** The same totals summed from the ledger's lines, as the national reads summed them before V53. */
    private Map<String, List<Long>> recomputed() throws SQLException {
        return rows("SELECT m.site_id, m.product_id, (m.occurred_at AT TIME ZONE 'UTC')::date, m.lot_id, "
                + "coalesce(-sum(m.quantity) FILTER (WHERE m.type = 'ISSUE'), 0), "
                + "coalesce(-sum(m.quantity) FILTER (WHERE m.type = 'TRANSFER_OUT'), 0) "
                + "FROM movement m JOIN site s ON s.id = m.site_id WHERE s.source = '" + source + "' "
                + "AND m.type IN ('ISSUE', 'TRANSFER_OUT') "
                + "AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_id = m.id) GROUP BY 1, 2, 3, 4");
    }

    private Map<String, List<Long>> rows(String sql) throws SQLException {
        Map<String, List<Long>> rows = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.put(r.getLong(1) + "/" + r.getLong(2) + "/" + r.getObject(3, LocalDate.class) + "/" + r.getLong(4),
                        List.of(r.getLong(5), r.getLong(6)));
            }
        }
        return rows;
    }

    private static String key(long[] lot, OffsetDateTime at) {
        return lot[0] + "/" + lot[1] + "/" + at.toLocalDate() + "/" + lot[2];
    }

    private long single(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
