package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Spring Batch's job repository tables, taken from the schema script that ships inside the Spring Batch version this
 * build resolves, so the metadata schema always matches the library that uses it.
 */
public class V2__spring_batch_metadata extends BaseJavaMigration {

    static final String SCRIPT = "org/springframework/batch/core/schema-postgresql.sql";

    @Override
    public void migrate(Context context) throws Exception {
        String script = read();
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : script.split(";")) {
                String trimmed = stripComments(sql).trim();
                if (!trimmed.isEmpty()) {
                    statement.execute(trimmed);
                }
            }
        }
    }

    private static String read() throws IOException {
        try (InputStream in = V2__spring_batch_metadata.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("Spring Batch schema script " + SCRIPT + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String stripComments(String sql) {
        StringBuilder kept = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.trim().startsWith("--")) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }
}
