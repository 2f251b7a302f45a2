package org.stockbridge.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stockbridge.batch.ledger.LotExpirySql;

class SqlResourcesUnitTests {

    @Test
    void a_query_file_names_the_shared_fragments_and_loses_its_comments() {
        String sql = SqlResources.load("org/stockbridge/api/ledger/balance.sql");
        assertThat(sql).contains(LotExpirySql.EXTENDED_EXPIRY + " AS extended_expiry")
                .doesNotContain("${").doesNotContain("--").startsWith("SELECT ");
    }

    @Test
    void a_switched_line_is_kept_only_when_its_switch_says_so() {
        String text = "SELECT 1\n WHERE a = :a\n   AND b = :b -- if b\n   AND c > 0 -- unless all\n";
        assertThat(SqlResources.expand("x.sql", text, Set.of()))
                .isEqualTo("SELECT 1\n WHERE a = :a\n   AND c > 0");
        assertThat(SqlResources.expand("x.sql", text, Set.of("b", "all")))
                .isEqualTo("SELECT 1\n WHERE a = :a\n   AND b = :b");
        assertThat(SqlResources.template("org/stockbridge/api/stock/site-stock.sql").sql(Set.of("stocked")))
                .contains("b.on_hand > 0").doesNotContain(":afterLot").doesNotContain(":product");
    }

    @Test
    void the_batched_balance_read_runs_the_single_reads_lookup_for_each_key() {
        for (Set<String> switches : List.of(Set.<String>of(), Set.of("visible"))) {
            String single = SqlResources.template("org/stockbridge/api/ledger/balance.sql").sql(switches)
                    .replace("$1", "k.site").replace("$2", "k.product").replace("$3", "k.lot");
            String batched = SqlResources.template("org/stockbridge/api/ledger/balances.sql").sql(switches);
            assertThat(oneLine(batched)).as("balances.sql holds balance.sql's lookup, key by key")
                    .contains(oneLine(single) + " OFFSET 0");
        }
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }

    @Test
    void an_unknown_fragment_or_a_missing_file_is_an_error_that_names_it() {
        assertThatThrownBy(() -> SqlResources.expand("x.sql", "SELECT ${NO_SUCH}", Set.of()))
                .hasMessageContaining("x.sql").hasMessageContaining("NO_SUCH");
        assertThatThrownBy(() -> SqlResources.load("org/stockbridge/none.sql")).hasMessageContaining("none.sql");
    }
}
