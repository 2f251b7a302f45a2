package org.stockbridge.forecasting.stockout;

import org.stockbridge.domain.ProductKind;

/**
 * Resupply lead times in days, by product kind at depots and for dispensing sites (which are resupplied by a depot).
 * The schema keeps no supplier lead times, so these are settings; the defaults are the demo stock's.
 */
public record LeadTimes(int ppe, int drug, int device, int dispensing) {

    public LeadTimes {
        for (int days : new int[] {ppe, drug, device, dispensing}) {
            if (days < 0 || days > 365) {
                throw new IllegalArgumentException("lead times must be between 0 and 365 days, was " + days);
            }
        }
    }

    /** PPE 21 days, drugs 14, devices 28 at depots; 7 days for dispensing sites. */
    public static LeadTimes defaults() {
        return new LeadTimes(21, 14, 28, 7);
    }

    public int of(ProductKind kind, boolean depot) {
        if (!depot) {
            return dispensing;
        }
        return switch (kind) {
            case PPE -> ppe;
            case DRUG -> drug;
            case DEVICE -> device;
        };
    }
}
