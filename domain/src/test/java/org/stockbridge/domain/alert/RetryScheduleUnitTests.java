package org.stockbridge.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleUnitTests {

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(60), 5);

    @Test
    void doublesTheDelayEachAttemptWithinItsJitterRange() {
        assertThat(schedule.delayAfter(1, 0.0)).contains(Duration.ofMillis(500));
        assertThat(schedule.delayAfter(1, 0.999999)).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(schedule.delayAfter(2, 0.0)).contains(Duration.ofSeconds(1));
        assertThat(schedule.delayAfter(3, 0.0)).contains(Duration.ofSeconds(2));
        assertThat(schedule.delayAfter(4, 1.0)).contains(Duration.ofSeconds(8));
    }

    @Test
    void neverWaitsLongerThanTheMaximum() {
        RetrySchedule many = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(60), 1000);

        assertThat(many.delayAfter(999, 1.0)).contains(Duration.ofSeconds(60));
    }

    @Test
    void aDeliveryIsDeadOnceItsAttemptsAreSpent() {
        assertThat(schedule.delayAfter(5, 0.5)).isEmpty();
        assertThat(schedule.delayAfter(4, 0.5)).isPresent();
    }
}
