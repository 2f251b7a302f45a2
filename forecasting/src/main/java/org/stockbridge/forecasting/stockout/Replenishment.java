package org.stockbridge.forecasting.stockout;

/**
 * The min/max policy a site reorders by: when usable on hand plus what is on order falls to the reorder point, it
 * orders up to the maximum, and the order arrives {@code leadTimeDays} later.
 */
public record Replenishment(long reorderPoint, long maxStock, int leadTimeDays) {

    public Replenishment {
        if (reorderPoint < 0 || maxStock < reorderPoint) {
            throw new IllegalArgumentException("the reorder point must be between 0 and the maximum, was "
                    + reorderPoint + " with maximum " + maxStock);
        }
        if (leadTimeDays < 0 || leadTimeDays > 365) {
            throw new IllegalArgumentException("leadTimeDays must be between 0 and 365, was " + leadTimeDays);
        }
    }
}
