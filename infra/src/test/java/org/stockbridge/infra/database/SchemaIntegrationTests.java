package org.stockbridge.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stockbridge.infra.testing.DatabaseTest;

@DatabaseTest
class SchemaIntegrationTests {

    private final Connection connection;
    private long siteId;
    private long productId;
    private long lotId;

    SchemaIntegrationTests(DatabaseEndpoint endpoint) throws SQLException {
        this.connection = DatabaseAdministration.connect(endpoint);
    }

    @BeforeEach
    void aSiteAProductAndALot() throws SQLException {
        String suffix = Long.toString(System.nanoTime());
        execute("INSERT INTO data_source (code, title, publisher, origin, licence) VALUES ('t" + suffix + "', 't', 'p', 'o', 'l')");
        long agency = insert("INSERT INTO agency (code, name, jurisdiction, kind, source) VALUES ('A" + suffix
                + "', 'Agency', 'US', 'FEDERAL', 't" + suffix + "') RETURNING id");
        siteId = insert("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, source) VALUES ('S" + suffix
                + "', 'Site', 'US', " + agency + ", 'REGIONAL', 'HHS-1', 't" + suffix + "') RETURNING id");
        productId = insert("INSERT INTO product (code, kind, name, unit_of_issue, source) VALUES ('P" + suffix
                + "', 'DRUG', 'Drug', 'vial', 't" + suffix + "') RETURNING id");
        lotId = insert("INSERT INTO lot (product_id, lot_number, labelled_expiry) VALUES (" + productId
                + ", 'L1', DATE '2030-01-01') RETURNING id");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void a_receipt_creates_the_balance_and_an_issue_lowers_it_so_balance_equals_the_sum_of_movements() throws SQLException {
        move("RECEIPT", 100);
        move("ISSUE", -30);
        move("ISSUE", -70);

        assertThat(onHand()).isZero();
        assertThat(single("SELECT sum(quantity) FROM movement WHERE lot_id = " + lotId)).isZero();
        assertThat(single("SELECT version FROM balance WHERE lot_id = " + lotId)).isEqualTo(3);
    }

    @Test
    void an_issue_larger_than_the_balance_is_refused_with_the_available_quantity_and_changes_nothing() throws SQLException {
        move("RECEIPT", 10);

        assertThatThrownBy(() -> move("ISSUE", -11))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SB001"))
                .hasMessageContaining("available=10 requested=11");
        assertThat(onHand()).isEqualTo(10);
        assertThat(single("SELECT count(*) FROM movement WHERE lot_id = " + lotId)).isEqualTo(1);
    }

    @Test
    void the_ledger_refuses_updates_and_deletes() throws SQLException {
        move("RECEIPT", 5);

        assertThatThrownBy(() -> execute("UPDATE movement SET quantity = 6 WHERE lot_id = " + lotId))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute("DELETE FROM movement WHERE lot_id = " + lotId))
                .hasMessageContaining("append-only");
    }

    @Test
    void a_balance_can_never_be_set_negative_directly() {
        assertThatThrownBy(() -> {
            move("RECEIPT", 5);
            execute("UPDATE balance SET on_hand = -1 WHERE lot_id = " + lotId);
        }).hasMessageContaining("balance_on_hand_check");
    }

    @Test
    void movement_signs_must_match_their_type() {
        assertThatThrownBy(() -> move("RECEIPT", -5)).hasMessageContaining("movement_check");
        assertThatThrownBy(() -> move("ISSUE", 5)).hasMessageContaining("movement_check");
    }

    @Test
    void an_ndc_din_or_gtin_names_one_product_only() throws SQLException {
        long other = insert("INSERT INTO product (code, kind, name, unit_of_issue, source) SELECT 'Q' || code, kind, name, "
                + "unit_of_issue, source FROM product WHERE id = " + productId + " RETURNING id");
        String source = "(SELECT source FROM product WHERE id = " + productId + ")";
        execute("INSERT INTO product_identifier (product_id, system, value, source) VALUES (" + productId
                + ", 'DIN', '02240000', " + source + ")");
        execute("INSERT INTO product_identifier (product_id, system, value, source) VALUES (" + other
                + ", 'RXCUI', '311702', " + source + ")");
        execute("INSERT INTO product_identifier (product_id, system, value, source) VALUES (" + productId
                + ", 'RXCUI', '311702', " + source + ")");

        assertThatThrownBy(() -> execute("INSERT INTO product_identifier (product_id, system, value, source) VALUES ("
                + other + ", 'DIN', '02240000', " + source + ")"))
                .hasMessageContaining("product_identifier_unique_per_system");
        assertThatThrownBy(() -> execute("INSERT INTO product_identifier (product_id, system, value, source) VALUES ("
                + other + ", 'SKU', 'x', " + source + ")"))
                .hasMessageContaining("product_identifier_system_check");
    }

    @Test
    void a_lot_of_one_product_cannot_carry_stock_of_another() throws SQLException {
        long other = insert("INSERT INTO product (code, kind, name, unit_of_issue, source) SELECT 'R' || code, kind, name, "
                + "unit_of_issue, source FROM product WHERE id = " + productId + " RETURNING id");

        assertThatThrownBy(() -> execute("INSERT INTO movement (site_id, product_id, lot_id, type, quantity, occurred_at, actor) "
                + "VALUES (" + siteId + ", " + other + ", " + lotId + ", 'RECEIPT', 1, now(), 'test')"))
                .hasMessageContaining("foreign key");
    }

    @Test
    void one_statement_cannot_use_a_new_lot_before_the_receipt_that_brings_it() throws SQLException {
        String lines = "INSERT INTO movement (site_id, product_id, lot_id, type, quantity, occurred_at, actor) VALUES "
                + "(" + siteId + ", " + productId + ", " + lotId + ", 'RECEIPT', 100, TIMESTAMPTZ '2026-03-02T00:00:00Z', 'loader'), "
                + "(" + siteId + ", " + productId + ", " + lotId + ", 'ISSUE', -5, TIMESTAMPTZ '2026-03-01T00:00:00Z', 'loader')";

        assertThatThrownBy(() -> execute(lines))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SB004"))
                .hasMessageContaining("first_occurred_at=2026-03-02T00:00:00.000000Z occurred_at=2026-03-01T00:00:00.000000Z");
        assertThat(single("SELECT count(*) FROM movement WHERE lot_id = " + lotId)).isZero();
        assertThat(single("SELECT count(*) FROM balance WHERE lot_id = " + lotId)).isZero();

        execute(lines.replace("2026-03-01", "2026-03-03"));
        assertThat(onHand()).isEqualTo(95);
        assertThat(single("SELECT extract(epoch FROM first_occurred_at)::bigint FROM balance WHERE lot_id = " + lotId))
                .isEqualTo(java.time.Instant.parse("2026-03-02T00:00:00Z").getEpochSecond());
    }

    @Test
    void spring_batch_metadata_tables_are_part_of_the_schema() throws SQLException {
        assertThat(single("SELECT count(*) FROM information_schema.tables WHERE table_name = 'batch_job_execution'"))
                .isEqualTo(1);
    }

    private void move(String type, long quantity) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO movement (site_id, product_id, lot_id, type, quantity, occurred_at, actor) "
                        + "VALUES (?, ?, ?, ?, ?, now(), 'test')")) {
            insert.setLong(1, siteId);
            insert.setLong(2, productId);
            insert.setLong(3, lotId);
            insert.setString(4, type);
            insert.setLong(5, quantity);
            insert.executeUpdate();
        }
    }

    private long onHand() throws SQLException {
        return single("SELECT on_hand FROM balance WHERE lot_id = " + lotId);
    }

    private long insert(String sql) throws SQLException {
        return single(sql);
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
