package org.stockbridge.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlResourcesUnitTests {

    @Test
    void a_query_file_names_the_shared_fragments_and_loses_its_comments() {
        String sql = SqlResources.load("org/stockbridge/api/ledger/balance.sql");
        assertThat(sql).contains(LotExpirySql.EXTENDED_EXPIRY + " AS extended_expiry")
                .doesNotContain("${").doesNotContain("--").startsWith("SELECT ");
    }

    @Test
    void an_unknown_fragment_or_a_missing_file_is_an_error_that_names_it() {
        assertThatThrownBy(() -> SqlResources.expand("x.sql", "SELECT ${NO_SUCH}"))
                .hasMessageContaining("x.sql").hasMessageContaining("NO_SUCH");
        assertThatThrownBy(() -> SqlResources.load("org/stockbridge/none.sql")).hasMessageContaining("none.sql");
    }
}
