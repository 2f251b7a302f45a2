package org.stockbridge.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MovementDatingUnitTests {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private final MovementDating dating = new MovementDating(Duration.ofDays(30));

    @Test
    void a_line_dated_within_the_window_or_a_few_minutes_ahead_is_accepted() {
        assertThat(dating.refusal("occurredAt", at(NOW), NOW)).isNull();
        assertThat(dating.refusal("occurredAt", at(NOW.minus(Duration.ofDays(30))), NOW)).isNull();
        assertThat(dating.refusal("occurredAt", at(NOW.plus(Duration.ofMinutes(5))), NOW)).isNull();
    }

    @Test
    void a_line_dated_in_the_future_or_before_the_window_is_refused_with_the_reason() {
        assertThat(dating.refusal("occurredAt", at(NOW.plus(Duration.ofMinutes(6))), NOW))
                .isEqualTo("occurredAt must not be in the future");
        assertThat(dating.refusal("countedAt", at(NOW.minus(Duration.ofDays(30)).minusSeconds(1)), NOW))
                .startsWith("countedAt may be at most 30 days in the past (not before 2026-11-06T12:00:00Z)");
        assertThat(dating.refusal("occurredAt", OffsetDateTime.parse("2020-12-31T00:00:00Z"), NOW)).isNotNull();
    }

    @Test
    void the_window_must_be_positive() {
        assertThatThrownBy(() -> new MovementDating(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.ofHours(-5));
    }
}
