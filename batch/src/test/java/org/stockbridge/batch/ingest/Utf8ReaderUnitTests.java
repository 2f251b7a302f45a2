package org.stockbridge.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8ReaderUnitTests {

    private static String read(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[1000];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            text.append(buffer, 0, n);
        }
        assertThat(reader.read(buffer)).as("the end stays the end").isEqualTo(-1);
        return text.toString();
    }

    @Test
    void valid_utf_8_reads_as_it_is_without_its_byte_order_mark_wherever_the_buffers_end() throws IOException {
        for (int repeat : new int[] {4095, 4096, 8191, 8192, 8193}) {
            String text = "é".repeat(repeat) + "€𝄞x";
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            bytes.write(text.getBytes(StandardCharsets.UTF_8));
            try (Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes.toByteArray()))) {
                assertThat(read(reader)).isEqualTo(text);
                assertThat(reader.holdsInvalid()).isFalse();
            }
        }
    }

    @Test
    void each_invalid_byte_reads_as_a_character_standing_for_it_noted_with_its_offsets_wherever_the_buffers_end()
            throws IOException {
        for (int repeat : new int[] {4094, 4095, 4096, 4097, 8190, 8191, 8192, 8193}) {
            String prefix = "é".repeat(repeat);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(prefix.getBytes(StandardCharsets.UTF_8));
            // a lead byte, a continuation byte, then a character that does not continue them
            bytes.write(new byte[] {(byte) 0xE2, (byte) 0x82, 'x', (byte) 0xFF, 'y', (byte) 0xC3});
            try (Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes.toByteArray()))) {
                String text = read(reader);

                assertThat(text).isEqualTo(prefix + "\uDCE2\uDC82x\uDCFFy\uDCC3");
                assertThat(Utf8Reader.invalidBytes(text)).isEqualTo(4);
                long at = 2L * repeat;
                assertThat(reader.take(0, Long.MAX_VALUE)).containsExactly(
                        new Utf8Reader.InvalidByte(at, repeat, 0xE2),
                        new Utf8Reader.InvalidByte(at + 1, repeat + 1, 0x82),
                        new Utf8Reader.InvalidByte(at + 3, repeat + 3, 0xFF),
                        new Utf8Reader.InvalidByte(at + 5, repeat + 5, 0xC3));
            }
        }
    }

    @Test
    void only_a_lone_low_surrogate_stands_for_a_byte() {
        assertThat(Utf8Reader.invalidBytes("𝄞")).as("a surrogate pair is a character").isZero();
        assertThat(Utf8Reader.invalidBytes("\uDCFF𝄞\uDC80")).isEqualTo(2);
    }

    @Test
    void invalid_bytes_are_taken_in_the_order_read_or_by_the_text_they_are_in() throws IOException {
        byte[] bytes = {'a', (byte) 0x80, 'b', (byte) 0x81, 'c', (byte) 0x82};
        try (Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes))) {
            read(reader);
            assertThat(reader.take(1)).extracting(Utf8Reader.InvalidByte::value).containsExactly(0x80);
            assertThat(reader.take(4, 5)).as("those before the start are dropped").isEmpty();
            assertThat(reader.take(0, 6)).extracting(Utf8Reader.InvalidByte::value).containsExactly(0x82);
            assertThat(reader.holdsInvalid()).isFalse();
            assertThat(reader.take(3)).isEqualTo(List.of());
        }
    }
}
