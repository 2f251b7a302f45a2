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
import org.stockbridge.domain.shortage.SourceFormat;

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

    @Test
    void line_breaks_are_counted_as_the_parser_counts_lines() {
        assertThat(SourceRecordReader.lineBreaks(List.of("a\r\nb", "c\nd\re", "f"))).isEqualTo(3);
        assertThat(SourceRecordReader.lineBreaks(List.of("x\r"))).isEqualTo(1);
        assertThat(SourceRecordReader.lineBreaks(List.of())).isZero();
    }
}
