package org.stockbridge.domain.shortage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SourceDatesUnitTests {

    @Test
    void api_timestamps_read_as_their_local_date_with_or_without_a_colon_in_the_offset() {
        assertThat(SourceDates.parse("2017-02-23T00:00:00-05:00")).isEqualTo(LocalDate.of(2017, 2, 23));
        assertThat(SourceDates.parse("2019-02-08T21:58:14-0500")).isEqualTo(LocalDate.of(2019, 2, 8));
        assertThat(SourceDates.parse("2013-09-16T00:00:00Z")).isEqualTo(LocalDate.of(2013, 9, 16));
    }

    @Test
    void sentinel_and_mistyped_years_mean_no_date() {
        assertThat(SourceDates.parse("0001-01-01T00:00:00-05:17")).isNull();
        assertThat(SourceDates.parse("0008-08-31T00:00:00-05:17")).isNull();
        assertThat(SourceDates.parse("0201-11-03")).isNull();
    }

    @Test
    void us_dates_read_month_first() {
        assertThat(SourceDates.parse("03/27/2026")).isEqualTo(LocalDate.of(2026, 3, 27));
    }

    @Test
    void timestamps_read_with_seconds_fractions_a_space_or_no_zone() {
        assertThat(SourceDates.parse("2020-04-01 09:30")).isEqualTo(LocalDate.of(2020, 4, 1));
        assertThat(SourceDates.parse("2020-04-01T09:30:15.123+01:00")).isEqualTo(LocalDate.of(2020, 4, 1));
        assertThat(SourceDates.parse(" 2020-04-01T09:30:15 ")).isEqualTo(LocalDate.of(2020, 4, 1));
    }

    @Test
    void timestamps_with_a_broken_time_or_zone_are_refused() {
        for (String text : new String[] {"2020-04-01T", "2020-04-01T09", "2020-04-01T09:30:1", "2020-04-01T09:30:15.",
                "2020-04-01T09:30-05", "2020-04-01T09:30-05:0", "2020-04-01T09:30Zx", "2020-04-01x", "2020-4-01",
                "２０２０-04-01"}) {
            assertThatThrownBy(() -> SourceDates.parse(text)).as(text).hasMessageContaining("is not a date");
        }
    }

    @Test
    void text_that_is_no_date_is_refused() {
        assertThatThrownBy(() -> SourceDates.parse("next week")).hasMessageContaining("next week");
        assertThatThrownBy(() -> SourceDates.parse("2017-02-30")).hasMessageContaining("not a valid date");
    }

    @Test
    void a_stored_report_date_reads_back_as_the_date_it_was_written_from() {
        for (LocalDate date : new LocalDate[] {LocalDate.of(2020, 4, 1), LocalDate.of(1999, 12, 31),
                LocalDate.of(10000, 1, 1)}) {
            assertThat(SourceDates.stored(date.toString())).isEqualTo(date);
        }
        assertThatThrownBy(() -> SourceDates.stored("2020-13-01")).isInstanceOf(java.time.DateTimeException.class);
    }

    @Test
    void a_timestamp_with_a_zone_gives_its_instant_and_anything_less_gives_none() {
        assertThat(SourceDates.instant("2024-01-05T15:00:00-05:00")).isEqualTo("2024-01-05T20:00:00Z");
        assertThat(SourceDates.instant("2019-02-08T21:58:14-0500")).isEqualTo("2019-02-09T02:58:14Z");
        assertThat(SourceDates.instant("2013-09-16T00:00:00Z")).isEqualTo("2013-09-16T00:00:00Z");
        assertThat(SourceDates.instant("2020-03-01T10:15:30.25+01:00")).isEqualTo("2020-03-01T09:15:30.250Z");
        assertThat(SourceDates.instant("2020-03-01T10:15+05:30")).isEqualTo("2020-03-01T04:45:00Z");
        assertThat(SourceDates.instant("2024-01-05")).isNull();
        assertThat(SourceDates.instant("2024-01-05T15:00:00")).as("no zone").isNull();
        assertThat(SourceDates.instant("0001-01-01T00:00:00-05:17")).as("a sentinel").isNull();
        assertThat(SourceDates.instant(" ")).isNull();
        assertThatThrownBy(() -> SourceDates.instant("2024-01-05T25:00:00Z")).isInstanceOf(IllegalArgumentException.class);
    }
}
