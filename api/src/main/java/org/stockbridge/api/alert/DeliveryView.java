package org.stockbridge.api.alert;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One webhook message and its attempts, for the delivery log.
 *
 * @param messageId the {@code webhook-id} every attempt and redelivery of the message carries
 * @param state     {@code PENDING} (to be tried at {@code nextAttemptAt}), {@code DELIVERED} or {@code DEAD}
 */
public record DeliveryView(long id, long alertId, String messageId, String state, int attempts,
                           OffsetDateTime nextAttemptAt, OffsetDateTime createdAt, OffsetDateTime deliveredAt,
                           List<Attempt> attemptLog) {

    /**
     * One attempt: the receiver's status, or why there was none, and the first characters of its answer.
     */
    public record Attempt(int attempt, OffsetDateTime at, Integer status, String error, String responseExcerpt,
                          int durationMs) {
    }
}
