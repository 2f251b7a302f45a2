package org.stockbridge.batch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.stockbridge.batch.reference.ReferenceDataLoader;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.TestDatabaseExtension;

@DatabaseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoStockLoaderIntegrationTests {

    static final Path DATA = Path.of("../data/real");
    static final DemoStockSettings SMALL = new DemoStockSettings(7, 120, LocalDate.of(2026, 6, 30), 4, 3);

    private DemoStockLoader loader;
    private JdbcTemplate jdbc;
    private DemoStockLoader.Summary summary;

    @BeforeAll
    void load(DatabaseEndpoint endpoint) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(endpoint.jdbcUrl(), endpoint.username(),
                endpoint.password());
        jdbc = new JdbcTemplate(dataSource);
        loader = new DemoStockLoader(dataSource);
        assertThatThrownBy(() -> loader.load(SMALL, DATA)).hasMessageContaining("reference data");
        new ReferenceDataLoader(dataSource).load(DATA);
        summary = loader.load(SMALL, DATA);
    }

    @Test
    void every_depot_and_the_sampled_dispensing_sites_get_stock() {
        assertThat(jdbc.queryForList("SELECT DISTINCT s.kind FROM balance b JOIN site s ON s.id = b.site_id",
                String.class)).containsExactlyInAnyOrder("NATIONAL", "REGIONAL", "PROVINCIAL", "DISPENSING");
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT site_id) FROM movement", Long.class))
                .isEqualTo(10 + 1 + 13 + 4);
        assertThat(summary.sites()).isEqualTo(28);
    }

    @Test
    void us_depots_stock_us_products_and_canadian_depots_canadian_ones() {
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM movement m JOIN site s ON s.id = m.site_id JOIN product p ON p.id = m.product_id
                 WHERE p.market_jurisdiction IS NOT NULL AND p.market_jurisdiction <> s.jurisdiction""", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(DISTINCT p.equivalence_group_id) FROM movement m JOIN product p ON p.id = m.product_id
                  JOIN site s ON s.id = m.site_id
                 WHERE p.kind = 'DRUG' AND p.equivalence_group_id IS NOT NULL AND s.kind <> 'DISPENSING'""", Long.class)).isEqualTo(3);
    }

    @Test
    void every_balance_equals_the_sum_of_its_movements_and_none_is_negative() {
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM balance b LEFT JOIN (SELECT site_id, product_id, lot_id, sum(quantity) AS total
                  FROM movement GROUP BY 1, 2, 3) m USING (site_id, product_id, lot_id)
                 WHERE b.on_hand <> coalesce(m.total, 0)""", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT min(on_hand) FROM balance", Long.class)).isNotNegative();
    }

    @Test
    void the_per_day_outflow_totals_equal_the_unreversed_issues_and_transfers_out_of_the_loaded_history() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outflow_day WHERE issued <> 0 OR transferred_out <> 0",
                Long.class)).isPositive();
        assertThat(jdbc.queryForObject("""
                WITH ledger AS (
                    SELECT m.site_id, m.product_id, (m.occurred_at AT TIME ZONE 'UTC')::date AS day, m.lot_id,
                           coalesce(-sum(m.quantity) FILTER (WHERE m.type = 'ISSUE'), 0) AS issued,
                           coalesce(-sum(m.quantity) FILTER (WHERE m.type = 'TRANSFER_OUT'), 0) AS transferred_out
                      FROM movement m
                     WHERE m.type IN ('ISSUE', 'TRANSFER_OUT')
                       AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_id = m.id)
                     GROUP BY 1, 2, 3, 4),
                totals AS (
                    SELECT site_id, product_id, day, lot_id, issued, transferred_out FROM outflow_day
                     WHERE issued <> 0 OR transferred_out <> 0)
                SELECT count(*) FROM ledger l FULL JOIN totals t USING (site_id, product_id, day, lot_id)
                 WHERE l.issued IS DISTINCT FROM t.issued OR l.transferred_out IS DISTINCT FROM t.transferred_out
                """, Long.class)).isZero();
    }

    @Test
    void the_history_is_daily_issues_over_the_window_with_receipts_counts_and_write_offs() {
        Map<String, Object> span = jdbc.queryForMap("SELECT min(occurred_at)::date AS first, max(occurred_at)::date "
                + "AS last, count(DISTINCT occurred_at::date) AS days FROM movement WHERE type = 'ISSUE'");
        assertThat(span.get("first").toString()).isEqualTo("2026-03-03");
        assertThat(span.get("last").toString()).isEqualTo("2026-06-30");
        assertThat((Long) span.get("days")).isEqualTo(120);
        assertThat(summary.movementsByType()).containsKeys("RECEIPT", "ISSUE", "COUNT_CORRECTION", "WRITE_OFF");
        assertThat(summary.movements()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM movement", Long.class));
    }

    @Test
    void every_line_is_labelled_synthetic_and_written_by_the_generator() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement WHERE NOT synthetic OR actor <> ?", Long.class,
                DemoStockLoader.ACTOR)).isZero();
        assertThat(jdbc.queryForObject("SELECT synthetic FROM data_source WHERE code = 'synthetic-demo'",
                Boolean.class)).isTrue();
    }

    @Test
    void the_history_load_is_recorded_once_in_the_audit_log_with_what_it_wrote() {
        List<String> summaries = jdbc.queryForList("SELECT summary FROM audit_event WHERE client = ? AND method = "
                + "'LOAD' AND outcome = 'APPLIED'", String.class, DemoStockLoader.ACTOR);
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0)).contains("history load of " + summary.movements() + " synthetic ledger lines");
    }

    @Test
    void the_history_keeps_time_no_line_before_its_lots_first_line_at_its_site() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement m JOIN balance b USING (site_id, product_id, "
                + "lot_id) WHERE m.occurred_at < b.first_occurred_at OR m.occurred_at > b.last_occurred_at",
                Long.class)).isZero();
    }

    @Test
    void each_stocked_pair_has_the_policy_it_was_replenished_by() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stock_policy", Long.class)).isEqualTo(summary.series());
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM (SELECT DISTINCT site_id, product_id FROM movement) m
                 WHERE NOT EXISTS (SELECT 1 FROM stock_policy p WHERE p.site_id = m.site_id AND p.product_id = m.product_id)""",
                Long.class)).isZero();
    }

    @Test
    void extended_expiry_lots_are_held_only_at_us_federal_sites() {
        List<String> holders = jdbc.queryForList("""
                SELECT DISTINCT s.jurisdiction || ':' || s.federal FROM movement m JOIN lot l ON l.id = m.lot_id
                  JOIN site s ON s.id = m.site_id WHERE l.extended_expiry IS NOT NULL""", String.class);
        assertThat(holders).containsOnly("US:true");
    }

    @Test
    void every_transfer_out_of_a_depot_has_its_transfer_in_of_the_same_lot_and_quantity_at_a_site_it_serves() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement WHERE type = 'TRANSFER_OUT'", Long.class))
                .isPositive();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM movement o
                 WHERE o.type = 'TRANSFER_OUT'
                   AND (SELECT count(*) FROM movement i
                         WHERE i.type = 'TRANSFER_IN' AND i.document_ref = o.document_ref AND i.lot_id = o.lot_id
                           AND i.product_id = o.product_id AND i.quantity = -o.quantity
                           AND i.site_id <> o.site_id AND i.occurred_at > o.occurred_at) <> 1""", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement WHERE type = 'TRANSFER_IN'", Long.class))
                .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM movement WHERE type = 'TRANSFER_OUT'", Long.class));
        assertThat(jdbc.queryForList("""
                SELECT DISTINCT f.kind || '>' || t.kind FROM movement o JOIN movement i ON i.document_ref = o.document_ref
                  AND i.type = 'TRANSFER_IN' JOIN site f ON f.id = o.site_id JOIN site t ON t.id = i.site_id
                 WHERE o.type = 'TRANSFER_OUT'""", String.class))
                .containsAnyOf("REGIONAL>DISPENSING", "NATIONAL>PROVINCIAL")
                .isSubsetOf("REGIONAL>DISPENSING", "NATIONAL>PROVINCIAL");
    }

    @Test
    void depots_deploy_and_only_dispensing_sites_dispense() {
        assertThat(jdbc.queryForList("""
                SELECT DISTINCT (s.kind = 'DISPENSING') || ':' || m.reason_code FROM movement m
                  JOIN site s ON s.id = m.site_id WHERE m.type = 'ISSUE'""", String.class))
                .containsExactlyInAnyOrder("true:DISPENSED", "false:DEPLOYMENT");
    }

    @Test
    void a_second_load_changes_nothing() {
        long movements = jdbc.queryForObject("SELECT count(*) FROM movement", Long.class);
        DemoStockLoader.Summary again = loader.load(SMALL, DATA);
        assertThat(again.alreadyLoaded()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement", Long.class)).isEqualTo(movements);
    }

    @Test
    void a_load_interrupted_between_steps_resumes_with_the_recorded_parameters_and_writers_and_writes_each_line_once() {
        DatabaseEndpoint other = TestDatabaseExtension.createStandaloneDatabase();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(other.jdbcUrl(), other.username(),
                other.password());
        JdbcTemplate otherJdbc = new JdbcTemplate(dataSource);
        new ReferenceDataLoader(dataSource).load(DATA);
        DemoStockLoader stepwise = new DemoStockLoader(dataSource, 1_000, 2);
        DemoStockSettings tiny = new DemoStockSettings(11, 60, LocalDate.of(2026, 1, 31), 2, 1);
        stepwise.load(tiny, DATA, 2);
        assertThat(otherJdbc.queryForObject("SELECT count(*) FROM movement", Long.class)).isEqualTo(4_000);
        assertThat(otherJdbc.queryForObject("SELECT complete FROM dataset_load WHERE name = ?", Boolean.class,
                DemoStockLoader.DATASET)).isFalse();

        DemoStockSettings changed = new DemoStockSettings(99, 90, null, 5, 2);
        DemoStockLoader.Summary resumed = new DemoStockLoader(dataSource, 1_000, 3).load(changed, DATA);

        assertThat(resumed.end()).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(otherJdbc.queryForObject("SELECT count(*) FROM movement", Long.class))
                .isEqualTo(resumed.movements()).isGreaterThan(3_000);
        assertThat(otherJdbc.queryForObject("SELECT complete FROM dataset_load WHERE name = ?", Boolean.class,
                DemoStockLoader.DATASET)).isTrue();
        assertThat(otherJdbc.queryForObject("""
                SELECT count(*) FROM balance b LEFT JOIN (SELECT site_id, product_id, lot_id, sum(quantity) AS total
                  FROM movement GROUP BY 1, 2, 3) m USING (site_id, product_id, lot_id)
                 WHERE b.on_hand <> coalesce(m.total, 0)""", Long.class)).isZero();
    }

    @Test
    void the_same_seed_gives_the_same_ledger_lots_and_policies_whatever_the_steps_and_writers() {
        DatabaseEndpoint other = TestDatabaseExtension.createStandaloneDatabase();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(other.jdbcUrl(), other.username(),
                other.password());
        JdbcTemplate otherJdbc = new JdbcTemplate(dataSource);
        new ReferenceDataLoader(dataSource).load(DATA);

        DemoStockLoader.Summary again = new DemoStockLoader(dataSource, 777, 3).load(SMALL, DATA);

        assertThat(again.movements()).isEqualTo(summary.movements());
        assertThat(again.movementsByType()).isEqualTo(summary.movementsByType());
        assertThat(again.lots()).isEqualTo(summary.lots());
        for (String sql : List.of("""
                SELECT s.code, p.code, l.lot_number, m.type, m.quantity, m.reason_code, m.occurred_at, m.document_ref,
                       m.prior_on_hand
                  FROM movement m JOIN site s ON s.id = m.site_id JOIN product p ON p.id = m.product_id
                  JOIN lot l ON l.id = m.lot_id ORDER BY s.code, p.code, m.id""", """
                SELECT p.code, l.lot_number, l.labelled_expiry, l.extended_expiry FROM lot l
                  JOIN product p ON p.id = l.product_id ORDER BY 1, 2""", """
                SELECT s.code, p.code, sp.safety_stock, sp.reorder_point, sp.max_stock, sp.reserve_floor
                  FROM stock_policy sp JOIN site s ON s.id = sp.site_id JOIN product p ON p.id = sp.product_id
                 ORDER BY 1, 2""", """
                SELECT s.code, p.code, l.lot_number, b.on_hand FROM balance b JOIN site s ON s.id = b.site_id
                  JOIN product p ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id ORDER BY 1, 2, 3""")) {
            List<List<Object>> expected = jdbc.query(sql, (rs, n) -> row(rs));
            assertThat(expected).isNotEmpty();
            assertThat(otherJdbc.query(sql, (rs, n) -> row(rs))).isEqualTo(expected);
        }
    }

    private static List<Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<Object> values = new java.util.ArrayList<>();
        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
            values.add(rs.getObject(c));
        }
        return values;
    }

    @Test
    void settings_out_of_range_are_refused_with_the_property_name() {
        assertThatThrownBy(() -> new DemoStockSettings(1, 5, null, 4, 3)).hasMessageContaining("stockbridge.demo.days");
        assertThatThrownBy(() -> new DemoStockSettings(1, 60, null, -1, 3))
                .hasMessageContaining("stockbridge.demo.dispensing-sites");
    }
}
