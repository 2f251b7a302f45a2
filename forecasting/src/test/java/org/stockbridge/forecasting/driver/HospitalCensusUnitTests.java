package org.stockbridge.forecasting.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HospitalCensusUnitTests {

    private static final Path FILE = Path.of("..", "data", "real", "hhs-hospital-capacity-state",
            "COVID-19_Reported_Patient_Impact_and_Hospital_Capacity_by_State_Timeseries_subset.csv");
    private static HospitalCensus census;

    @BeforeAll
    static void readTheRealFile() {
        census = HospitalCensus.read(FILE);
    }

    @Test
    void the_real_file_gives_every_hhs_region_up_to_its_last_day() {
        assertThat(census.regions()).hasSize(10);
        assertThat(census.lastDay()).isEqualTo(LocalDate.of(2022, 2, 9));
    }

    @Test
    void a_territory_that_reported_only_late_does_not_cut_its_region_short() {
        // American Samoa (HHS-9) first reports on 2021-08-24; the region's states report from March 2020.
        assertThat(census.firstDay()).isBefore(LocalDate.of(2020, 6, 1));
        assertThat(census.pressure("HHS-9", LocalDate.of(2021, 1, 10)))
                .isNotEqualTo(census.pressure("HHS-9", LocalDate.of(2020, 7, 1)));
    }

    @Test
    void a_region_day_sums_its_states_thousands_separators_included() {
        // HHS-10 is AK, ID, OR and WA; 2021-12-10 in the file: ID 2,485 beds used.
        HospitalCensus.Day day = census.day("HHS-10", LocalDate.of(2021, 12, 10)).orElseThrow();
        assertThat(day.inpatients()).isGreaterThan(2_485);
        assertThat(day.covidInpatients()).isPositive();
    }

    @Test
    void the_omicron_wave_presses_harder_than_the_summer_before_it() {
        for (String region : census.regions()) {
            assertThat(census.pressure(region, LocalDate.of(2022, 1, 15)))
                    .as(region).isGreaterThan(census.pressure(region, LocalDate.of(2021, 6, 15)));
        }
    }

    @Test
    void canada_is_not_in_the_census_and_gets_a_neutral_factor() {
        assertThat(census.pressure("ON", LocalDate.of(2021, 1, 1))).isEqualTo(1.0);
    }

    @Test
    void a_replay_moves_the_last_census_day_to_within_a_week_of_the_given_day_on_the_same_weekday() {
        LocalDate end = LocalDate.of(2026, 11, 30);
        DemandDriver replay = census.replayedTo(end);
        long shift = java.time.temporal.ChronoUnit.DAYS.between(census.lastDay(), end) / 7 * 7;
        LocalDate original = LocalDate.of(2021, 8, 20);
        assertThat(replay.factor("HHS-6", original.plusDays(shift))).isEqualTo(census.pressure("HHS-6", original));
        assertThat(original.plusDays(shift).getDayOfWeek()).isEqualTo(original.getDayOfWeek());
    }

    @Test
    void a_file_without_a_state_column_is_refused() {
        assertThatThrownBy(() -> HospitalCensus.read(new StringReader("date,beds\n2021/01/01,3\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no state column");
    }
}
