package org.stockbridge.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpMethod;

/** The detail of a value the framework could not convert says what the parameter takes and what it was given. */
class ConversionProblemsUnitTests {

    private static String detail(String name, Object value, Class<?> type) {
        return ConversionProblems.detail(name, new TypeMismatchException(value, type));
    }

    @Test
    void a_whole_number_states_its_range_only_when_the_value_was_a_number_too_large() {
        assertThat(detail("limit", "abc", Integer.class)).isEqualTo("limit must be a whole number, was abc");
        assertThat(detail("limit", "2.5", int.class)).isEqualTo("limit must be a whole number, was 2.5");
        assertThat(detail("id", "99999999999999999999", long.class)).isEqualTo("id must be a whole number from "
                + "-9223372036854775808 to 9223372036854775807, was 99999999999999999999");
    }

    @Test
    void booleans_numbers_dates_and_enumerations_say_what_they_take() {
        assertThat(detail("tier3", "maybe", Boolean.class)).isEqualTo("tier3 must be true or false, was maybe");
        assertThat(detail("ratio", "x", BigDecimal.class)).isEqualTo("ratio must be a number, was x");
        assertThat(detail("asOf", "today", LocalDate.class))
                .isEqualTo("asOf must be a date such as 2026-03-27, was today");
        assertThat(detail("method", "FETCH", Sample.class)).isEqualTo("method must be one of ONE, TWO, was FETCH");
        assertThat(detail("verb", "x", HttpMethod.class)).isEqualTo("verb must be a valid HttpMethod, was x");
    }

    @Test
    void a_long_value_is_shown_cut_short() {
        assertThat(detail("cursor", "x".repeat(5000), Integer.class))
                .isEqualTo("cursor must be a whole number, was " + "x".repeat(ConversionProblems.SHOWN) + "…");
    }

    private enum Sample { ONE, TWO }
}
