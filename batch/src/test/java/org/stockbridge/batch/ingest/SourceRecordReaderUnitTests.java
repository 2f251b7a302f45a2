package org.stockbridge.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.stockbridge.batch.format.SourceFormat;

class SourceRecordReaderUnitTests {

    @Test
    void a_csv_record_is_placed_on_the_line_it_starts_on_past_blank_lines_and_values_that_break_lines(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("records.csv");
        Files.writeString(file, String.join("\r\n", "id,type,status", "1,shortage,resolved", "", "",
                "2,shortage,\"active", "confirmed\"", "3,shortage,resolved"), StandardCharsets.UTF_8);
        SourceRecordReader reader = new SourceRecordReader(file, SourceFormat.DSC_API_CSV);
        reader.open(new ExecutionContext());
        List<SourceRecord> records = new ArrayList<>();
        try {
            for (SourceRecord record = reader.read(); record != null; record = reader.read()) {
                records.add(record);
            }
        } finally {
            reader.close();
        }
        assertThat(records).extracting(SourceRecord::number).containsExactly(1L, 2L, 3L);
        assertThat(records).extracting(SourceRecord::line).containsExactly(2L, 5L, 7L);
        assertThat(records.get(1).values()).containsEntry("status", "active\r\nconfirmed");
    }

    private static List<SourceRecord> readAll(Path file, SourceFormat format) throws Exception {
        SourceRecordReader reader = new SourceRecordReader(file, format);
        reader.open(new ExecutionContext());
        List<SourceRecord> records = new ArrayList<>();
        try {
            for (SourceRecord record = reader.read(); record != null; record = reader.read()) {
                records.add(record);
            }
        } finally {
            reader.close();
        }
        return records;
    }

    /** A copy of the bytes with others inserted at an offset. */
    private static byte[] inserted(byte[] bytes, int at, byte... inserted) {
        byte[] edited = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, edited, 0, at);
        System.arraycopy(inserted, 0, edited, at, inserted.length);
        System.arraycopy(bytes, at, edited, at + inserted.length, bytes.length - at);
        return edited;
    }

    /** Records whose number, line, values and raw content are the same. */
    private static void assertSameRecords(List<SourceRecord> actual, List<SourceRecord> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).number()).isEqualTo(expected.get(i).number());
            assertThat(actual.get(i).line()).isEqualTo(expected.get(i).line());
            assertThat(actual.get(i).values()).isEqualTo(expected.get(i).values());
            assertThat(actual.get(i).raw()).isEqualTo(expected.get(i).raw());
            assertThat(actual.get(i).error()).isEqualTo(expected.get(i).error());
        }
    }

    @Test
    void a_csv_record_holding_invalid_utf_8_past_the_first_64_kib_is_in_error_and_the_rest_reads_as_without_it(
            @TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder("\uFEFFid,type,status,name\r\n");
        for (int i = 1; i <= 4000; i++) {
            text.append(i).append(",shortage,resolved,CAFÉ ").append(i).append("\r\n");
        }
        byte[] clean = text.toString().getBytes(StandardCharsets.UTF_8);
        Path original = dir.resolve("original.csv");
        Files.write(original, clean);
        int at = text.toString().substring(0, text.indexOf("\n3000,") + 1).getBytes(StandardCharsets.UTF_8).length
                + "3000,shortage,resolved,CA".length();
        Path edited = dir.resolve("edited.csv");
        Files.write(edited, inserted(clean, at, (byte) 0xC3, (byte) '(', (byte) 0xFF));
        assertThat(at).isGreaterThan(64 * 1024);

        List<SourceRecord> expected = readAll(original, SourceFormat.DSC_API_CSV);
        List<SourceRecord> records = readAll(edited, SourceFormat.DSC_API_CSV);

        SourceRecord bad = records.get(2999);
        assertThat(bad.number()).isEqualTo(3000);
        assertThat(bad.line()).isEqualTo(3001);
        assertThat(bad.error()).isEqualTo("has invalid UTF-8 at byte offset " + at
                + " (byte 0xC3, in name); 2 bytes that are not UTF-8 in all");
        assertThat(bad.raw()).isEqualTo("3000,shortage,resolved,CA\\xC3(\\xFFFÉ 3000");
        assertSameRecords(records.subList(0, 2999), expected.subList(0, 2999));
        assertSameRecords(records.subList(3000, 4000), expected.subList(3000, 4000));
    }

    @Test
    void a_json_record_holding_invalid_utf_8_is_in_error_and_the_rest_reads_as_without_it(
            @TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder("[\n");
        for (int i = 1; i <= 3000; i++) {
            text.append(i == 1 ? "" : ",\n").append("{\"id\": ").append(i)
                    .append(", \"status\": \"resolved\", \"drug\": {\"brand_name\": \"CAFÉ ").append(i).append("\"}}");
        }
        text.append("\n]\n");
        byte[] clean = text.toString().getBytes(StandardCharsets.UTF_8);
        Path original = dir.resolve("original.json");
        Files.write(original, clean);
        int at = text.toString().substring(0, text.indexOf("{\"id\": 2500,")).getBytes(StandardCharsets.UTF_8).length
                + "{\"id\": 2500, \"status\": \"resolved\", \"drug\": {\"brand_name\": \"CA".length();
        Path edited = dir.resolve("edited.json");
        Files.write(edited, inserted(clean, at, (byte) 0xFF));

        List<SourceRecord> expected = readAll(original, SourceFormat.DSC_API_REPORTS);
        List<SourceRecord> records = readAll(edited, SourceFormat.DSC_API_REPORTS);

        SourceRecord bad = records.get(2499);
        assertThat(bad.error())
                .isEqualTo("has invalid UTF-8 at byte offset " + at + " (byte 0xFF, in drug.brand_name)");
        assertThat(bad.raw())
                .isEqualTo("{\"id\":2500,\"status\":\"resolved\",\"drug\":{\"brand_name\":\"CA\\xFFFÉ 2500\"}}");
        assertSameRecords(records.subList(0, 2499), expected.subList(0, 2499));
        assertSameRecords(records.subList(2500, 3000), expected.subList(2500, 3000));
    }

    @Test
    void the_records_under_a_csv_header_holding_invalid_utf_8_are_in_error_and_the_other_sections_read(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("sections.csv");
        Files.write(file, inserted(String.join("\n", "Shortage Reports,", "id,type,status", "1,shortage,resolved",
                "Discontinuation Reports,", "id,type,status", "2,discontinuation,resolved",
                "3,discontinuation,resolved", "Shortage Reports,", "id,type,status", "4,shortage,resolved")
                .getBytes(StandardCharsets.UTF_8),
                "Shortage Reports,\nid,type,status\n1,shortage,resolved\nDiscontinuation Reports,\nid,ty".length(),
                (byte) 0x92));

        List<SourceRecord> records = readAll(file, SourceFormat.DSC_API_CSV);

        assertThat(records).extracting(SourceRecord::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records.get(0).error()).isNull();
        assertThat(records.get(1).error()).isEqualTo("cannot be read: its header, on line 5, has invalid UTF-8 at "
                + "byte offset 83 (byte 0x92)");
        assertThat(records.get(2).error()).isEqualTo(records.get(1).error());
        assertThat(records.get(1).raw()).isEqualTo("2,discontinuation,resolved");
        assertThat(records.get(3).error()).isNull();
        assertThat(records.get(3).values()).containsEntry("id", "4");
    }

    @Test
    void line_breaks_are_counted_as_the_parser_counts_lines() {
        assertThat(SourceRecordReader.lineBreaks(List.of("a\r\nb", "c\nd\re", "f"))).isEqualTo(3);
        assertThat(SourceRecordReader.lineBreaks(List.of("x\r"))).isEqualTo(1);
        assertThat(SourceRecordReader.lineBreaks(List.of())).isZero();
    }
}
