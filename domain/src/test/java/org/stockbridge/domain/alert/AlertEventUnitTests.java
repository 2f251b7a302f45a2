package org.stockbridge.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stockbridge.domain.alert.AlertEvent.Transition;

class AlertEventUnitTests {

    @Test
    void aLastingConditionRaisesOnceAndClearsOnce() {
        AlertEvent below = AlertEvent.STOCK_BELOW_POLICY;

        assertThat(below.next(false, true)).isEqualTo(Transition.RAISE);
        assertThat(below.next(true, true)).isEqualTo(Transition.NONE);
        assertThat(below.next(true, false)).isEqualTo(Transition.CLEAR);
        assertThat(below.next(false, false)).isEqualTo(Transition.NONE);
    }

    @Test
    void aOneShotEventIsRaisedOnceAndNeverCleared() {
        AlertEvent dispatched = AlertEvent.TRANSFER_DISPATCHED;

        assertThat(dispatched.next(false, true)).isEqualTo(Transition.RAISE);
        assertThat(dispatched.next(true, true)).isEqualTo(Transition.NONE);
        assertThat(dispatched.next(true, false)).isEqualTo(Transition.NONE);
    }

    @Test
    void parsesAnEventNameInAnyCase() {
        assertThat(AlertEvent.parse(" transfer_received ")).contains(AlertEvent.TRANSFER_RECEIVED);
        assertThat(AlertEvent.parse("SHORTAGE_OF_EVERYTHING")).isEmpty();
    }

    @Test
    void theEventsOnForecastsAndExpiryNameTheParametersTheyNeed() {
        assertThat(AlertEvent.SHORTAGE_RISK_ABOVE.needs()).containsExactly(AlertEvent.Parameter.THRESHOLD);
        assertThat(AlertEvent.STOCKOUT_PROBABILITY_ABOVE.needs())
                .containsExactly(AlertEvent.Parameter.THRESHOLD, AlertEvent.Parameter.HORIZON_DAYS);
        assertThat(AlertEvent.LOTS_EXPIRING.needs()).containsExactly(AlertEvent.Parameter.WITHIN_DAYS);
        assertThat(AlertEvent.SHORTAGE_REPORTED.needs()).isEmpty();
        assertThat(AlertEvent.SHORTAGE_REPORTED.lasting()).isTrue();
    }
}
