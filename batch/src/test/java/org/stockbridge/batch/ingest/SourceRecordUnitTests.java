package org.stockbridge.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceRecordUnitTests {

    @Test
    void values_holding_a_nul_character_make_the_record_one_in_error_however_they_came() {
        SourceRecord read = SourceRecord.ofCells(1, 2L, List.of("1", "AC&#0;C"), Map.of("id", "1", "name", "AC&#0;C"),
                null, cells -> String.join(",", cells));
        assertThat(read.error()).isNull();

        SourceRecord decoded = read.withValues(Map.of("name", "AC\u0000C"));

        assertThat(decoded.error()).contains("NUL character").contains("name");
        assertThat(SourceRecord.ofCells(1, 2L, List.of("A\u0000"), Map.of("name", "A\u0000"), null,
                cells -> String.join(",", cells)).error()).contains("NUL character");
    }

    @Test
    void the_raw_content_writes_a_nul_character_as_an_escape_the_reject_table_can_hold() {
        SourceRecord record = new SourceRecord(1, null, "{\"name\":\"A\u0000B\"}", Map.of(), "is not a report");
        assertThat(record.raw()).isEqualTo("{\"name\":\"A\\u0000B\"}");
        assertThat(record.error()).isEqualTo("is not a report");
    }

    @Test
    void the_raw_content_writes_each_byte_that_was_not_utf_8_as_a_hexadecimal_escape() {
        SourceRecord record = new SourceRecord(1, null, "CA\uDCC3(\uDCFF \uD834\uDD1E", Map.of(), "has invalid UTF-8");
        assertThat(record.raw()).isEqualTo("CA\\xC3(\\xFF \uD834\uDD1E");
        assertThat(SourceRecord.storable("CA\uDCC3")).isFalse();
        assertThat(SourceRecord.storable("\uD834\uDD1E")).as("a surrogate pair is a character").isTrue();
    }
}
