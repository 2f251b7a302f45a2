package org.stockbridge.batch.catalogue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.stockbridge.batch.format.SourceFormat;
import org.stockbridge.batch.ingest.IngestionRuns;
import org.stockbridge.batch.ingest.SourceRecord;
import org.stockbridge.domain.shortage.SourceDates;

/**
 * Upserts one chunk of DPD products or ingredients in one statement (the chunk's columns as arrays, {@code unnest}ed),
 * counting rows inserted, rows updated because a value changed, and rows already as they were. A record without a
 * valid DIN goes to the reject table; a key met again in the same chunk counts as unchanged (or updated, when its
 * values differ, the later record winning).
 */
class DpdWriter implements ItemWriter<SourceRecord> {

    private static final List<String> PRODUCT = List.of("din", "drug_code", "class_name", "brand_name", "descriptor",
            "company_name", "number_of_ais", "ai_group_no", "status", "status_history_date", "original_market_date",
            "atc_codes", "atc_names", "dosage_forms", "routes", "last_update_date");
    private static final List<String> INGREDIENT = List.of("din", "drug_code", "ingredient_name", "strength",
            "strength_unit", "dosage_value", "dosage_unit");

    private static final String PRODUCT_SQL = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::integer[],
                                     ?::text[], ?::text[], ?::date[], ?::date[], ?::text[], ?::text[], ?::text[],
                                     ?::text[], ?::date[])
                    AS t(din, drug_code, class_name, brand_name, descriptor, company_name, number_of_ais, ai_group_no,
                         status, status_date, original_market_date, atc_codes, atc_names, dosage_forms, routes,
                         last_update_date)
            ), upserted AS (
                INSERT INTO dpd_product AS p (din, drug_code, class_name, brand_name, descriptor, company_name,
                       number_of_ais, ai_group_no, status, status_date, original_market_date, atc_codes, atc_names,
                       dosage_forms, routes, last_update_date, run_id)
                SELECT din, drug_code, class_name, brand_name, descriptor, company_name, number_of_ais, ai_group_no,
                       status, status_date, original_market_date,
                       coalesce(string_to_array(nullif(atc_codes, ''), '|'), '{}'),
                       coalesce(string_to_array(nullif(atc_names, ''), '|'), '{}'),
                       dosage_forms, routes, last_update_date, ? FROM input
                ON CONFLICT (din) DO UPDATE SET drug_code = EXCLUDED.drug_code, class_name = EXCLUDED.class_name,
                       brand_name = EXCLUDED.brand_name, descriptor = EXCLUDED.descriptor,
                       company_name = EXCLUDED.company_name, number_of_ais = EXCLUDED.number_of_ais,
                       ai_group_no = EXCLUDED.ai_group_no, status = EXCLUDED.status, status_date = EXCLUDED.status_date,
                       original_market_date = EXCLUDED.original_market_date, atc_codes = EXCLUDED.atc_codes,
                       atc_names = EXCLUDED.atc_names, dosage_forms = EXCLUDED.dosage_forms, routes = EXCLUDED.routes,
                       last_update_date = EXCLUDED.last_update_date, run_id = EXCLUDED.run_id
                 WHERE (p.drug_code, p.class_name, p.brand_name, p.descriptor, p.company_name, p.number_of_ais,
                        p.ai_group_no, p.status, p.status_date, p.original_market_date, p.atc_codes, p.atc_names,
                        p.dosage_forms, p.routes, p.last_update_date)
                       IS DISTINCT FROM (EXCLUDED.drug_code, EXCLUDED.class_name, EXCLUDED.brand_name,
                        EXCLUDED.descriptor, EXCLUDED.company_name, EXCLUDED.number_of_ais, EXCLUDED.ai_group_no,
                        EXCLUDED.status, EXCLUDED.status_date, EXCLUDED.original_market_date, EXCLUDED.atc_codes,
                        EXCLUDED.atc_names, EXCLUDED.dosage_forms, EXCLUDED.routes, EXCLUDED.last_update_date)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted""";

    private static final String INGREDIENT_SQL = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS t(din, drug_code, ingredient_name, strength, strength_unit, dosage_value, dosage_unit)
            ), upserted AS (
                INSERT INTO dpd_ingredient AS i (din, drug_code, ingredient_name, strength, strength_unit,
                       dosage_value, dosage_unit, run_id)
                SELECT din, drug_code, ingredient_name, strength, strength_unit, dosage_value, dosage_unit, ?
                  FROM input
                ON CONFLICT (din, ingredient_name, strength, strength_unit) DO UPDATE
                   SET drug_code = EXCLUDED.drug_code, dosage_value = EXCLUDED.dosage_value,
                       dosage_unit = EXCLUDED.dosage_unit, run_id = EXCLUDED.run_id
                 WHERE (i.drug_code, i.dosage_value, i.dosage_unit)
                       IS DISTINCT FROM (EXCLUDED.drug_code, EXCLUDED.dosage_value, EXCLUDED.dosage_unit)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted""";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final IngestionRuns runs;
    private final long runId;
    private final SourceFormat format;
    private final String fileName;

    DpdWriter(DataSource dataSource, IngestionRuns runs, long runId, SourceFormat format, String fileName) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.runs = runs;
        this.runId = runId;
        this.format = format;
        this.fileName = fileName;
    }

    @Override
    public void write(Chunk<? extends SourceRecord> chunk) throws SQLException {
        boolean products = format == SourceFormat.DPD_PRODUCTS;
        List<String> columns = products ? PRODUCT : INGREDIENT;
        Map<String, String[]> rows = new LinkedHashMap<>();
        long repeatedUnchanged = 0;
        long repeatedUpdated = 0;
        List<Object[]> rejects = new ArrayList<>();
        for (SourceRecord record : chunk) {
            String reason = record.error() != null ? "record " + record.error() : null;
            String[] row = new String[columns.size()];
            if (reason == null) {
                for (int i = 0; i < columns.size(); i++) {
                    String value = record.values().get(columns.get(i));
                    row[i] = value == null ? null : value.strip();
                }
                reason = check(row, products);
            }
            String key = reason == null ? (products ? row[0] : String.join("|", row[0], row[2], row[3], row[4])) : null;
            if (reason == null && rows.containsKey(key)) {
                // a repeat in the same chunk: the later record wins, as it would across chunks
                if (java.util.Arrays.equals(rows.get(key), row)) {
                    repeatedUnchanged++;
                } else {
                    repeatedUpdated++;
                }
            }
            if (reason != null) {
                rejects.add(new Object[] {runId, fileName, record.number(), record.line(), record.raw(), reason});
            } else {
                rows.put(key, row);
            }
        }
        long[] counts = rows.isEmpty() ? new long[] {0, 0} : upsert(products, new ArrayList<>(rows.values()));
        if (!rejects.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO ingestion_reject (run_id, file_name, record_number, line_number, raw, reason) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", rejects);
        }
        runs.count(runId, counts[0], counts[1] + repeatedUpdated,
                rows.size() - counts[0] - counts[1] + repeatedUnchanged, rejects.size());
    }

    private static String check(String[] row, boolean products) {
        if (row[0] == null || !row[0].matches("\\d{8}")) {
            return "DIN '" + row[0] + "' is not 8 digits";
        }
        if (row[1] == null || !row[1].matches("\\d{1,18}")) {
            return "drug_code '" + row[1] + "' is not a number of up to 18 digits";
        }
        if (products) {
            if (row[6] != null && !row[6].isEmpty() && !row[6].matches("\\d{1,9}")) {
                return "number_of_ais '" + row[6] + "' is not a number of up to 9 digits";
            }
            for (int i : new int[] {9, 10, 15}) {
                try {
                    SourceDates.parse(row[i]);
                } catch (IllegalArgumentException e) {
                    return PRODUCT.get(i) + ": " + e.getMessage();
                }
            }
        } else {
            if (row[2] == null || row[2].isEmpty()) {
                return "ingredient_name is missing";
            }
            row[3] = row[3] == null ? "" : row[3];
            row[4] = row[4] == null ? "" : row[4];
        }
        return null;
    }

    private long[] upsert(boolean products, List<String[]> rows) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(products ? PRODUCT_SQL : INGREDIENT_SQL)) {
            int columns = rows.get(0).length;
            for (int c = 0; c < columns; c++) {
                Object[] values = new Object[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    String value = rows.get(r)[c];
                    values[r] = value == null || (value.isEmpty() && !(!products && (c == 3 || c == 4))) ? null
                            : typed(products, c, value);
                }
                statement.setArray(c + 1, connection.createArrayOf(sqlType(products, c), values));
            }
            statement.setLong(columns + 1, runId);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static Object typed(boolean products, int column, String value) {
        String type = sqlType(products, column);
        return switch (type) {
            case "int8" -> Long.valueOf(value);
            case "int4" -> Integer.valueOf(value);
            case "date" -> {
                var date = SourceDates.parse(value);
                yield date == null ? null : java.sql.Date.valueOf(date);
            }
            default -> value;
        };
    }

    private static String sqlType(boolean products, int column) {
        if (column == 1) {
            return "int8";
        }
        if (products && column == 6) {
            return "int4";
        }
        if (products && (column == 9 || column == 10 || column == 15)) {
            return "date";
        }
        return "text";
    }
}
