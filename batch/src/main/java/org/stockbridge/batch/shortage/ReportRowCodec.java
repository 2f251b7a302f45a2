package org.stockbridge.batch.shortage;

import java.io.ByteArrayOutputStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stockbridge.domain.shortage.FieldChange;
import org.stockbridge.domain.shortage.ReportFields;
import org.stockbridge.domain.shortage.ShortageReport;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a report's fields are stored: the fields with a column of their own in {@code shortage_report}, the rest as
 * {@code details} JSON; and a version's changes as JSON. Encodes what {@link ShortageReportWriter} writes and decodes
 * what it reads back.
 */
final class ReportRowCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReportRowCodec() {
    }

    /** The fields kept in {@code details} (those without a column of their own), as UTF-8 JSON text. */
    static byte[] json(ShortageReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            report.fields().forEach((field, value) -> {
                if (!COLUMN_OF.containsKey(field)) {
                    json.writeName(field);
                    if (value == null) {
                        json.writeNull();
                    } else {
                        json.writeString(value);
                    }
                }
            });
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /** The fields that have a column of their own, and the column. */
    static final Map<String, String> COLUMN_OF = Map.ofEntries(Map.entry(ReportFields.TYPE, "report_type"),
            Map.entry(ReportFields.STATUS, "source_status"), Map.entry(ReportFields.LIFECYCLE, "lifecycle"),
            Map.entry(ReportFields.DIN, "din"), Map.entry(ReportFields.PACKAGE_NDC, "package_ndc"),
            Map.entry(ReportFields.PRODUCT_NDC, "product_ndc"), Map.entry(ReportFields.BRAND_NAME, "brand_name"),
            Map.entry(ReportFields.COMMON_NAME, "common_name"), Map.entry(ReportFields.COMPANY_NAME, "company_name"),
            Map.entry(ReportFields.INGREDIENTS, "ingredients"), Map.entry(ReportFields.ATC_CODE, "atc_code"),
            Map.entry(ReportFields.REASON, "reason"), Map.entry(ReportFields.TIER3, "tier3"),
            Map.entry(ReportFields.ANTICIPATED_START, "anticipated_start"),
            Map.entry(ReportFields.ACTUAL_START, "actual_start"), Map.entry(ReportFields.ESTIMATED_END, "estimated_end"),
            Map.entry(ReportFields.ACTUAL_END, "actual_end"),
            Map.entry(ReportFields.ANTICIPATED_DISCONTINUATION, "anticipated_discontinuation"),
            Map.entry(ReportFields.DISCONTINUATION_DATE, "discontinuation_date"),
            Map.entry(ReportFields.CREATED, "source_created"), Map.entry(ReportFields.UPDATED, "source_updated"),
            Map.entry(ReportFields.LISTED, "listed"), Map.entry(ReportFields.DELISTED_ON, "delisted_on"));

    /** A stored report's fields: its columns (null when empty) and its details. */
    static Map<String, String> fields(java.sql.ResultSet rs) throws SQLException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> column : COLUMN_OF.entrySet()) {
            Object value = rs.getObject(column.getValue());
            fields.put(column.getKey(), value == null ? null : value.toString());
        }
        fields.putAll(fields(rs.getString("details_text")));
        return fields;
    }

    /** What changed, {@code {"field": [before, after], ...}}, as UTF-8 JSON text. */
    static byte[] changes(List<FieldChange> changes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (FieldChange change : changes) {
                json.writeName(change.field());
                json.writeStartArray();
                json.writeString(change.before());
                json.writeString(change.after());
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    static Map<String, String> fields(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode node = JSON.readTree(json);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            fields.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asString());
        }
        return fields;
    }
}
