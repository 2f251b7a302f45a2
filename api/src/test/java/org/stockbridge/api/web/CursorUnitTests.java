package org.stockbridge.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stockbridge.api.persistence.Keyed;

class CursorUnitTests {

    @Test
    void a_single_key_cursor_keeps_the_form_issued_before_composite_keys() {
        String issuedBefore = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("k1:42".getBytes(StandardCharsets.UTF_8));

        assertThat(Cursor.after(42).encoded()).isEqualTo(issuedBefore);
        assertThat(Cursor.decode(issuedBefore).afterKey()).isEqualTo(42);
    }

    @Test
    void a_composite_cursor_round_trips_every_key_including_negative_ones() {
        Cursor cursor = Cursor.after(-19000, 7, 123456789012L);

        Cursor decoded = Cursor.decode(cursor.encoded(), 3);

        assertThat(decoded.keys()).containsExactly(-19000L, 7L, 123456789012L);
        assertThat(decoded.isStart()).isFalse();
    }

    @Test
    void a_day_key_is_read_as_a_date_and_one_outside_the_years_1_to_9999_is_refused_naming_the_cursor() {
        assertThat(Cursor.after(LocalDate.of(2027, 3, 1).toEpochDay(), 5).afterDay(0))
                .isEqualTo(LocalDate.of(2027, 3, 1));

        for (long day : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, LocalDate.of(10000, 1, 1).toEpochDay(),
                LocalDate.of(0, 12, 31).toEpochDay()}) {
            assertThatThrownBy(() -> Cursor.after(day, 1, 1).afterDay(0)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("cursor");
        }
    }

    @Test
    void no_cursor_is_the_start_and_binds_zero_as_its_first_key() {
        assertThat(Cursor.decode(null, 2).isStart()).isTrue();
        assertThat(Cursor.decode(" ").afterKey()).isZero();
    }

    @Test
    void a_cursor_with_another_number_of_keys_or_garbage_is_refused_naming_the_cursor() {
        String twoKeys = Cursor.after(1, 2).encoded();

        assertThatThrownBy(() -> Cursor.decode(twoKeys)).isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).parameter()).isEqualTo("cursor");
        assertThatThrownBy(() -> Cursor.decode(twoKeys, 3)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Cursor.decode("not base64 !", 2)).isInstanceOf(InvalidRequestException.class);
        String forged = Base64.getUrlEncoder().encodeToString("k2:1:x".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Cursor.decode(forged, 2)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void a_page_carries_every_key_of_its_last_item_in_its_cursor() {
        List<Keyed<String>> rows = List.of(Keyed.of("a", 1, 10), Keyed.of("b", 1, 11), Keyed.of("c", 2, 1));

        Page<String> page = Page.of(rows, PageRequest.of(null, 2, 2));

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(Cursor.decode(page.nextCursor(), 2).keys()).containsExactly(1L, 11L);
        assertThat(Page.of(rows, PageRequest.of(null, 3, 2)).nextCursor()).isNull();
    }
}
