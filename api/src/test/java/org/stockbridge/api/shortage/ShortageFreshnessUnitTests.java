package org.stockbridge.api.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.shortage.ShortageSource;

class ShortageFreshnessUnitTests {

    private static final LocalDate DSC_NEWEST = LocalDate.of(2024, 12, 24);
    private static final LocalDate FDA_SNAPSHOT = LocalDate.of(2026, 3, 27);

    @Test
    void a_report_source_is_as_fresh_as_its_newest_report_and_a_snapshot_source_as_its_newest_snapshot() {
        ShortageFreshness f = ShortageFreshness.of(Map.of(
                ShortageSource.DSC, new ShortageFreshness.Dates(DSC_NEWEST, LocalDate.of(2026, 1, 1), null, 25_000),
                ShortageSource.FDA, new ShortageFreshness.Dates(FDA_SNAPSHOT, FDA_SNAPSHOT, FDA_SNAPSHOT, 1_700)));
        assertThat(f.statement()).isEqualTo("DSC reports up to 2024-12-24, FDA list of 2026-03-27");
        assertThat(f.sources()).extracting(ShortageFreshness.SourceFreshness::source).containsExactly("DSC", "FDA");
    }

    @Test
    void a_source_that_ended_says_so_and_stays_out_of_the_statement() {
        ShortageFreshness f = ShortageFreshness.of(Map.of(
                ShortageSource.DRUGSHORTAGES_CA, new ShortageFreshness.Dates(LocalDate.of(2016, 3, 31),
                        LocalDate.of(2016, 5, 19), null, 2_600),
                ShortageSource.DSC, new ShortageFreshness.Dates(DSC_NEWEST, DSC_NEWEST, null, 25_000)));
        assertThat(f.statement()).isEqualTo("DSC reports up to 2024-12-24");
        ShortageFreshness.SourceFreshness voluntary = f.sources().get(1);
        assertThat(voluntary.live()).isFalse();
        assertThat(voluntary.endedOn()).isEqualTo(LocalDate.of(2017, 3, 14));
        assertThat(voluntary.statement()).isEqualTo("drugshortages.ca reports up to 2016-03-31 (ended 2017-03-14)");
    }

    @Test
    void nothing_ingested_says_so() {
        assertThat(ShortageFreshness.of(Map.of()).statement()).isEqualTo("no shortage reports ingested");
        assertThat(ShortageFreshness.of(Map.of()).sources()).isEmpty();
    }
}
