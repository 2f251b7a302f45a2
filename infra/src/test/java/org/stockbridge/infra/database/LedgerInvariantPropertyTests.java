package org.stockbridge.infra.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.stockbridge.infra.testing.TestDatabaseExtension;

/**
 * For random sequences of movements on a few lots, posted through the database's ledger path: the balance always
 * equals the sum of the accepted movements, a movement is refused exactly when it would take its lot below zero, and
 * nothing accepted ever leaves a balance negative.
 */
@Tag("database")
class LedgerInvariantPropertyTests {

    private static Connection connection;
    private static long site;
    private static long product;

    @BeforeContainer
    static void database() throws SQLException {
        connection = DatabaseAdministration.connect(TestDatabaseExtension.createStandaloneDatabase());
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO data_source (code, title, publisher, origin, licence) VALUES ('p', 't', 'p', 'o', 'l')");
            s.execute("INSERT INTO agency (code, name, jurisdiction, kind, source) VALUES ('A', 'A', 'US', 'FEDERAL', 'p')");
            site = id(s, "INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, source) "
                    + "SELECT 'S', 'S', 'US', id, 'REGIONAL', 'HHS-1', 'p' FROM agency RETURNING id");
            product = id(s, "INSERT INTO product (code, kind, name, unit_of_issue, source) "
                    + "VALUES ('P', 'DRUG', 'P', 'vial', 'p') RETURNING id");
        }
    }

    @AfterContainer
    static void close() throws SQLException {
        connection.close();
    }

    @Property(tries = 150)
    void the_balance_is_always_the_sum_of_accepted_movements_and_never_negative(
            @ForAll("sequences") List<Move> moves) throws SQLException {
        long[] lots = new long[3];
        try (Statement s = connection.createStatement()) {
            for (int i = 0; i < lots.length; i++) {
                lots[i] = id(s, "INSERT INTO lot (product_id, lot_number, labelled_expiry) VALUES (" + product
                        + ", gen_random_uuid()::text, DATE '2030-01-01') RETURNING id");
            }
        }
        long[] model = new long[lots.length];
        for (Move move : moves) {
            boolean shouldAccept = model[move.lot()] + move.quantity() >= 0;
            boolean accepted = post(lots[move.lot()], move);
            assertThat(accepted).as("%s with %d on hand", move, model[move.lot()]).isEqualTo(shouldAccept);
            if (accepted) {
                model[move.lot()] += move.quantity();
            }
            for (int i = 0; i < lots.length; i++) {
                assertThat(balance(lots[i])).isEqualTo(model[i]).isEqualTo(sumOfMovements(lots[i])).isNotNegative();
            }
        }
    }

    @Provide
    Arbitrary<List<Move>> sequences() {
        Arbitrary<Move> move = Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.of("RECEIPT", "ISSUE", "WRITE_OFF", "ADJUSTMENT_UP", "ADJUSTMENT_DOWN"),
                Arbitraries.longs().between(1, 60)).as((lot, type, amount) -> new Move(lot, type,
                type.equals("RECEIPT") || type.equals("ADJUSTMENT_UP") ? amount : -amount));
        return move.list().ofMinSize(1).ofMaxSize(25);
    }

    private boolean post(long lot, Move move) throws SQLException {
        String type = move.type().startsWith("ADJUSTMENT") ? "ADJUSTMENT" : move.type();
        try (PreparedStatement insert = connection.prepareStatement("SELECT * FROM post_movement(?, ?, ?, ?, ?, NULL, "
                + "now(), 'property', NULL, NULL, NULL)")) {
            insert.setLong(1, site);
            insert.setLong(2, product);
            insert.setLong(3, lot);
            insert.setString(4, type);
            insert.setLong(5, move.quantity());
            insert.executeQuery().close();
            return true;
        } catch (SQLException e) {
            if ("SB001".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static long balance(long lot) throws SQLException {
        return single("SELECT coalesce((SELECT on_hand FROM balance WHERE lot_id = " + lot + "), 0)");
    }

    private static long sumOfMovements(long lot) throws SQLException {
        return single("SELECT coalesce(sum(quantity), 0) FROM movement WHERE lot_id = " + lot);
    }

    private static long single(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long id(Statement s, String sql) throws SQLException {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    record Move(int lot, String type, long quantity) {
    }
}
