package org.stockbridge.infra.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("embedded")
class EmbeddedPostgresServerIntegrationTests {

    @Test
    void what_was_written_before_a_stop_is_still_there_after_a_restart_on_the_same_directory(@TempDir Path directory)
            throws Exception {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(directory, 0)) {
            SchemaMigrations.migrate(first.endpoint());
            try (Connection c = DatabaseAdministration.connect(first.endpoint()); Statement s = c.createStatement()) {
                s.execute("INSERT INTO data_source (code, title, publisher, origin, licence) "
                        + "VALUES ('restart-check', 't', 'p', 'o', 'l')");
            }
        }

        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(directory, 0)) {
            assertThat(SchemaMigrations.migrate(second.endpoint()).migrationsExecuted).isZero();
            try (Connection c = DatabaseAdministration.connect(second.endpoint()); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT count(*) FROM data_source WHERE code = 'restart-check'")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }
}
