package org.stockbridge.domain.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndedSourceUnitTests {

    private static ShortageReport archived(String actualStart) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ReportFields.TYPE, "SHORTAGE");
        fields.put(ReportFields.STATUS, "Current");
        fields.put(ReportFields.LIFECYCLE, "ARCHIVED");
        fields.put(ReportFields.CREATED, "2015-01-10");
        fields.put(ReportFields.ACTUAL_START, actualStart);
        fields.put(ReportFields.LISTED, "false");
        fields.put(ReportFields.DELISTED_ON, ShortageSource.DRUGSHORTAGES_CA.endedOn().toString());
        return new ShortageReport(ShortageSource.DRUGSHORTAGES_CA, "00001961|2015-01-12|XYLOCAINE", fields);
    }

    @Test
    void only_the_voluntary_database_has_ended_on_the_day_mandatory_reporting_began() {
        assertThat(ShortageSource.DRUGSHORTAGES_CA.endedOn()).isEqualTo(LocalDate.of(2017, 3, 14));
        assertThat(ShortageSource.liveOnes()).containsExactly(ShortageSource.DSC, ShortageSource.FDA);
    }

    @Test
    void an_archived_report_is_closed_and_no_open_lifecycle_is_archived() {
        assertThat(Lifecycle.ARCHIVED.open()).isFalse();
        assertThat(Lifecycle.openOnes()).containsExactly(Lifecycle.ANTICIPATED, Lifecycle.ACTIVE,
                Lifecycle.TO_BE_DISCONTINUED);
    }

    @Test
    void an_archived_shortage_was_in_effect_from_its_start_until_its_source_ended() {
        ShortageReport report = archived("2015-01-12");
        assertThat(report.activeOn(LocalDate.of(2015, 1, 11))).isFalse();
        assertThat(report.activeOn(LocalDate.of(2016, 6, 1))).isTrue();
        assertThat(report.activeOn(LocalDate.of(2017, 3, 13))).isTrue();
        assertThat(report.activeOn(LocalDate.of(2017, 3, 14))).isFalse();
        assertThat(report.activeOn(LocalDate.of(2024, 12, 1))).isFalse();
    }

    @Test
    void an_archived_report_that_never_started_was_never_in_effect() {
        assertThat(archived(null).activeOn(LocalDate.of(2016, 6, 1))).isFalse();
    }
}
