package org.stockbridge.forecasting.stockout;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Stock expected to arrive: an inbound transfer or an open order.
 *
 * @param expiry the expiry of what arrives; {@code null} when unknown (taken as outlasting the horizon)
 */
public record Inbound(LocalDate arrival, long quantity, LocalDate expiry) {

    public Inbound {
        Objects.requireNonNull(arrival, "arrival must not be null");
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative, was " + quantity);
        }
    }
}
