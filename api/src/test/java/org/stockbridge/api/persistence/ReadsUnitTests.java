package org.stockbridge.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.stockbridge.infra.database.StockbridgeDatabaseProperties;

class ReadsUnitTests {

    @Test
    void without_a_read_url_every_read_goes_to_the_primary() {
        DatabaseClient primary = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://nobody@localhost:1/none"));
        Reads reads = new Reads(primary,
                new StockbridgeDatabaseProperties(null, null, null, null, null, null, null, null));

        assertThat(reads.client()).isSameAs(primary);
        assertThat(reads.onReplica()).isFalse();
        reads.destroy();
    }

    @Test
    void the_replica_is_checked_every_half_of_the_staleness_allowed_between_a_tenth_of_a_second_and_five_seconds() {
        assertThat(Reads.checkInterval(null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Reads.checkInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Reads.checkInterval(Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(100));
        assertThat(Reads.checkInterval(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_staleness_bound_of_zero_or_less_is_refused() {
        assertThatThrownBy(() -> new StockbridgeDatabaseProperties(null, null, null, null, null,
                "postgresql://replica/db", Duration.ZERO, null)).hasMessageContaining("read-max-staleness");
    }

    @Test
    void a_negative_statement_timeout_is_refused_and_none_given_is_sixty_seconds() {
        assertThatThrownBy(() -> new StockbridgeDatabaseProperties(null, null, null, null, null, null, null,
                Duration.ofSeconds(-1))).hasMessageContaining("statement-timeout");
        assertThatThrownBy(() -> new StockbridgeDatabaseProperties(null, null, null, null, null, null, null,
                Duration.ofNanos(500))).hasMessageContaining("statement-timeout");
        assertThat(new StockbridgeDatabaseProperties(null, null, null, null, null, null, null, null)
                .statementTimeout()).isEqualTo(Duration.ofSeconds(60));
    }
}
