package org.stockbridge.batch.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stockbridge.batch.format.UnrecognisedFormatException;

class SourceFileUnitTests {

    @Test
    void a_file_whose_start_is_not_utf_8_such_as_windows_1252_text_is_refused_at_once(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("windows-1252.csv");
        Files.writeString(file, "id,type,status,name\r\n1,shortage,resolved,CAFÉ\r\n2,shortage,resolved,TEA\r\n",
                Charset.forName("windows-1252"));

        assertThatThrownBy(() -> SourceFile.inspect(file)).isInstanceOf(UnrecognisedFormatException.class)
                .hasMessageContaining("not UTF-8 text");
    }
}
