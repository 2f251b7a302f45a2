package org.stockbridge.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FilteredQueryUnitTests {

    @Test
    void filters_given_no_value_add_no_condition() {
        String sql = FilteredQuery.select("SELECT * FROM site s")
                .where("s.jurisdiction = :j", "j", null)
                .where("s.id > :after", "after", 7L)
                .then("ORDER BY s.id")
                .sql();
        assertThat(sql).isEqualTo("SELECT * FROM site s WHERE s.id > :after ORDER BY s.id");
    }

    @Test
    void each_part_of_a_query_gets_the_conditions_added_while_it_was_open() {
        String sql = FilteredQuery.select("SELECT * FROM site s, LATERAL (SELECT 1 FROM balance b")
                .where("b.site_id = s.id")
                .where("b.product_id = :product", "product", 3L)
                .next(") a")
                .where("s.jurisdiction = :j", "j", "CA")
                .then("LIMIT 2")
                .sql();
        assertThat(sql).isEqualTo("SELECT * FROM site s, LATERAL (SELECT 1 FROM balance b WHERE b.site_id = s.id "
                + "AND b.product_id = :product) a WHERE s.jurisdiction = :j LIMIT 2");
    }

    @Test
    void a_part_without_conditions_has_no_where() {
        String sql = FilteredQuery.select("SELECT 1 FROM (SELECT 1 FROM lot l").next(") x")
                .where("true").sql();
        assertThat(sql).isEqualTo("SELECT 1 FROM (SELECT 1 FROM lot l) x WHERE true");
    }

    @Test
    void a_new_part_after_the_suffix_is_refused() {
        assertThatThrownBy(() -> FilteredQuery.select("SELECT 1").then("LIMIT 1").next("x"))
                .isInstanceOf(IllegalStateException.class);
    }
}
