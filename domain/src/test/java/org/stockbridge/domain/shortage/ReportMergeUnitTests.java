package org.stockbridge.domain.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportMergeUnitTests {

    private static ShortageReport report(Map<String, String> extra) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ReportFields.TYPE, "SHORTAGE");
        fields.put(ReportFields.STATUS, "active_confirmed");
        fields.put(ReportFields.LIFECYCLE, "ACTIVE");
        fields.put(ReportFields.DIN, "01963937");
        fields.putAll(extra);
        return new ShortageReport(ShortageSource.DSC, "28240", fields);
    }

    @Test
    void the_same_record_again_changes_nothing() {
        ShortageReport stored = report(Map.of(ReportFields.ACTUAL_START, "2017-11-03"));
        assertThat(ReportMerge.of(stored, stored).unchanged()).isTrue();
    }

    @Test
    void a_changed_field_is_named_with_its_value_before_and_after() {
        ShortageReport stored = report(Map.of(ReportFields.COMMENTS, "from the API"));
        ShortageReport incoming = report(Map.of(ReportFields.ACTUAL_START, "2017-11-03"));
        ReportMerge merge = ReportMerge.of(stored, incoming);
        assertThat(merge.changes()).containsExactly(new FieldChange(ReportFields.ACTUAL_START, null, "2017-11-03"));
        assertThat(merge.merged().text(ReportFields.COMMENTS)).as("a field the record does not carry is kept")
                .isEqualTo("from the API");
        ShortageReport before = ReportMerge.undo(merge.merged(), merge.changes());
        assertThat(before.text(ReportFields.ACTUAL_START)).isNull();
        assertThat(before.text(ReportFields.COMMENTS)).isEqualTo("from the API");
    }

    @Test
    void a_record_older_than_the_stored_report_is_ignored() {
        ShortageReport stored = report(Map.of(ReportFields.UPDATED, "2026-01-01", ReportFields.LIFECYCLE, "RESOLVED",
                ReportFields.STATUS, "resolved"));
        ShortageReport older = report(Map.of(ReportFields.UPDATED, "2024-04-23"));
        ReportMerge merge = ReportMerge.of(stored, older);
        assertThat(merge.stale()).isTrue();
        assertThat(merge.unchanged()).isTrue();
        assertThat(merge.merged().lifecycle()).isEqualTo(Lifecycle.RESOLVED);
    }

    @Test
    void a_record_of_the_same_age_only_fills_what_the_stored_report_lacks() {
        ShortageReport stored = report(Map.of(ReportFields.UPDATED, "2024-04-23", ReportFields.ROUTE, "INTRAVENOUS"));
        ShortageReport export = report(Map.of(ReportFields.UPDATED, "2024-04-23", ReportFields.ROUTE,
                "INTRAVENOUS; INTRAVENOUS", ReportFields.TIER3, "false"));
        ReportMerge merge = ReportMerge.of(stored, export);
        assertThat(merge.changes()).containsExactly(new FieldChange(ReportFields.TIER3, null, "false"));
        assertThat(merge.merged().text(ReportFields.ROUTE)).isEqualTo("INTRAVENOUS");
    }

    @Test
    void of_two_records_of_the_same_day_that_say_when_the_later_one_is_the_newer() {
        ShortageReport morning = report(Map.of(ReportFields.UPDATED, "2024-01-05", ReportFields.UPDATED_AT,
                "2024-01-05T14:00:00Z", ReportFields.STATUS, "anticipated_shortage", ReportFields.LIFECYCLE,
                "ANTICIPATED"));
        ShortageReport afternoon = report(Map.of(ReportFields.UPDATED, "2024-01-05", ReportFields.UPDATED_AT,
                "2024-01-05T20:00:00Z"));
        ReportMerge later = ReportMerge.of(morning, afternoon);
        assertThat(later.merged().lifecycle()).isEqualTo(Lifecycle.ACTIVE);
        assertThat(later.changes()).extracting(FieldChange::field)
                .containsExactly(ReportFields.STATUS, ReportFields.LIFECYCLE, ReportFields.UPDATED_AT);

        ReportMerge earlier = ReportMerge.of(afternoon, morning);
        assertThat(earlier.stale()).isTrue();
        assertThat(earlier.merged().lifecycle()).isEqualTo(Lifecycle.ACTIVE);
    }

    @Test
    void a_record_of_the_same_day_without_a_time_only_fills_and_the_time_alone_is_no_change() {
        ShortageReport api = report(Map.of(ReportFields.UPDATED, "2024-01-05", ReportFields.UPDATED_AT,
                "2024-01-05T20:00:00Z"));
        ShortageReport export = report(Map.of(ReportFields.UPDATED, "2024-01-05", ReportFields.STATUS,
                "anticipated_shortage", ReportFields.LIFECYCLE, "ANTICIPATED", ReportFields.TIER3, "true"));
        ReportMerge fromExport = ReportMerge.of(api, export);
        assertThat(fromExport.changes()).containsExactly(new FieldChange(ReportFields.TIER3, null, "true"));
        assertThat(fromExport.merged().lifecycle()).isEqualTo(Lifecycle.ACTIVE);

        ShortageReport storedWithoutTime = report(Map.of(ReportFields.UPDATED, "2024-01-05"));
        assertThat(ReportMerge.of(storedWithoutTime, api).unchanged())
                .as("a report stored before times were kept, read again from the same record").isTrue();
    }

    @Test
    void a_report_is_active_between_its_start_and_its_end_while_listed() {
        ShortageReport report = report(Map.of(ReportFields.ACTUAL_START, "2020-03-01", ReportFields.ACTUAL_END,
                "2020-04-01", ReportFields.LIFECYCLE, "RESOLVED", ReportFields.STATUS, "resolved"));
        assertThat(report.activeOn(java.time.LocalDate.of(2020, 3, 15))).isTrue();
        assertThat(report.activeOn(java.time.LocalDate.of(2020, 4, 2))).isFalse();
        assertThat(report.activeOn(java.time.LocalDate.of(2020, 2, 28))).isFalse();
    }
}
