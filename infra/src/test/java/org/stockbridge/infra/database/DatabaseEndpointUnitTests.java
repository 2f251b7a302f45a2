package org.stockbridge.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseEndpointUnitTests {

    @Test
    void a_plain_postgresql_url_gives_both_jdbc_and_r2dbc_urls_for_the_same_database() {
        DatabaseEndpoint endpoint = DatabaseEndpoint.parse("postgresql://alice:s%40cret@db.example:6543/stock", null, null);

        assertThat(endpoint.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/stock");
        assertThat(endpoint.r2dbcUrl()).isEqualTo("r2dbc:postgresql://db.example:6543/stock");
        assertThat(endpoint.username()).isEqualTo("alice");
        assertThat(endpoint.password()).isEqualTo("s@cret");
    }

    @Test
    void a_jdbc_url_without_credentials_takes_them_from_the_separate_settings() {
        DatabaseEndpoint endpoint = DatabaseEndpoint.parse("jdbc:postgresql://127.0.0.1/postgres", "bob", "pw");

        assertThat(endpoint.port()).isEqualTo(5432);
        assertThat(endpoint.username()).isEqualTo("bob");
        assertThat(endpoint.password()).isEqualTo("pw");
    }

    @Test
    void credentials_given_in_the_query_string_are_understood() {
        DatabaseEndpoint endpoint = DatabaseEndpoint.parse("jdbc:postgresql://h:1/d?user=carol&password=x", null, null);

        assertThat(endpoint.username()).isEqualTo("carol");
        assertThat(endpoint.password()).isEqualTo("x");
    }

    @Test
    void a_url_of_another_database_kind_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> DatabaseEndpoint.parse("jdbc:mysql://h/d", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://user:password@host:5432/database");
    }
}
