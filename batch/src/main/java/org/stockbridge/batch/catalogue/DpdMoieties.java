package org.stockbridge.batch.catalogue;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.stockbridge.batch.reference.DrugForms;

/**
 * Sets each DPD product's active-moiety key (its ingredients' moieties, sorted, joined with {@code " + "}) from the
 * ingredients, the same key the catalogue's equivalence groups use.
 */
final class DpdMoieties {

    private final JdbcTemplate jdbc;

    DpdMoieties(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    int refresh() {
        Map<String, TreeSet<String>> byDin = new HashMap<>();
        jdbc.query("SELECT din, ingredient_name FROM dpd_ingredient", rs -> {
            String moiety = DrugForms.moiety(rs.getString(2));
            if (!moiety.isEmpty()) {
                byDin.computeIfAbsent(rs.getString(1), d -> new TreeSet<>()).add(moiety);
            }
        });
        List<String> dins = new ArrayList<>(byDin.keySet());
        List<String> keys = dins.stream().map(d -> String.join(" + ", byDin.get(d))).toList();
        return jdbc.execute((java.sql.Connection con) -> {
            try (PreparedStatement statement = con.prepareStatement("UPDATE dpd_product p SET moieties = t.moieties "
                    + "FROM unnest(?::text[], ?::text[]) AS t(din, moieties) WHERE p.din = t.din "
                    + "AND p.moieties IS DISTINCT FROM t.moieties")) {
                statement.setArray(1, con.createArrayOf("text", dins.toArray()));
                statement.setArray(2, con.createArrayOf("text", keys.toArray()));
                return statement.executeUpdate();
            }
        });
    }
}
