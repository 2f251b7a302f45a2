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
 * list, so a change to the ingest's reader that changes what the risk model learns from fails here. It changed once
 * on purpose (issue 21): the reports now carry the day of their last update, and ingredients are keyed to their
 * active moiety.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DscHistoryReaderUnitTests {

    /** SHA-256 of the reports' text, one a line. */
    static final String FINGERPRINT = "019515cfe6c74e6dbcb699cee74afb8ea9d4af6323d345ad311e346368f4a8e3";
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
    void a_report_naming_its_ingredient_with_the_salt_in_brackets_is_keyed_to_the_moiety() {
        FiledReport cefepime = read.reports().stream().filter(r -> r.id() == 698).findFirst().orElseThrow();
        assertThat(cefepime.ingredient()).isEqualTo("CEFEPIME");
        FiledReport rotavirus = read.reports().stream().filter(r -> r.id() == 3208).findFirst().orElseThrow();
        assertThat(rotavirus.ingredient()).endsWith("P1(8)");
        assertThat(read.rekeyed()).isEqualTo(5);
    }

    @Test
    void the_filing_date_is_the_day_the_report_was_created_where_it_was_written() {
        FiledReport first = read.reports().stream().filter(r -> r.id() == 2).findFirst().orElseThrow();
        assertThat(first.filed()).isEqualTo(LocalDate.of(2017, 3, 10));
        assertThat(first.ended()).isEqualTo(LocalDate.of(2017, 3, 23));
        assertThat(first.updated()).isEqualTo(LocalDate.of(2017, 10, 6));
        assertThat(first.ingredient()).isEqualTo("DIGOXIN");
        assertThat(first.reason()).isEqualTo("7");
        assertThat(first.late()).isTrue();
    }
}
