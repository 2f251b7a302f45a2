package org.stockbridge.batch.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stockbridge.forecasting.risk.FiledReport;

/**
 * The risk model's history read with the ingest's reader. Until the switch, forecasting read the file with a reader
 * of its own; both gave the same 24,862 reports and 238 rejects, field for field. The fingerprint below is of that
 * list, so a change to the ingest's reader that changes what the risk model learns from fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DscHistoryReaderUnitTests {

    /** SHA-256 of the reports' text, one a line, as both readers gave them. */
    static final String FINGERPRINT = "7fb2d854b45c5bd3dc3d37152a5de26bef49ff12bc223e51031f960c4203b9d9";
    static final Path FILE = Path.of("../data/real").resolve(DscHistoryReader.FILE);
    private DscHistoryReader.Read read;

    @BeforeAll
    void read() {
        read = DscHistoryReader.read(FILE);
    }

    @Test
    void the_history_gives_the_reports_the_risk_model_was_backtested_on() throws NoSuchAlgorithmException {
        assertThat(read.reports()).hasSize(24_862);
        assertThat(read.rejected()).isEqualTo(238);
        assertThat(read.reports().get(0).filed()).isEqualTo(LocalDate.of(2017, 3, 10));
        assertThat(read.lastFiled()).isEqualTo(LocalDate.of(2024, 12, 24));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (FiledReport r : read.reports()) {
            digest.update((r + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(FINGERPRINT);
    }

    @Test
    void a_blank_din_and_an_ingredient_list_on_one_line_are_kept_as_the_file_writes_them() {
        FiledReport blankDin = read.reports().stream().filter(r -> r.id() == 14093).findFirst().orElseThrow();
        assertThat(blankDin.din()).isEmpty();
        FiledReport vaccine = read.reports().stream().filter(r -> r.id() == 4420).findFirst().orElseThrow();
        assertThat(vaccine.ingredient()).startsWith("MEASLES VIRUS VACCINE LIVE ATTENUATED; MUMPS");
    }

    @Test
    void the_filing_date_is_the_day_the_report_was_created_where_it_was_written() {
        FiledReport first = read.reports().stream().filter(r -> r.id() == 2).findFirst().orElseThrow();
        assertThat(first.filed()).isEqualTo(LocalDate.of(2017, 3, 10));
        assertThat(first.ended()).isEqualTo(LocalDate.of(2017, 3, 23));
        assertThat(first.ingredient()).isEqualTo("DIGOXIN");
        assertThat(first.reason()).isEqualTo("7");
        assertThat(first.late()).isTrue();
    }
}
