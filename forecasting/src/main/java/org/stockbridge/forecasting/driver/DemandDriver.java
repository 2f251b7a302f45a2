package org.stockbridge.forecasting.driver;

import java.time.LocalDate;

/** An outside signal that scales demand in a region on a day: 1.0 is a normal day. */
public interface DemandDriver {

    /** A driver that never changes demand. */
    DemandDriver NONE = new DemandDriver() {
        @Override
        public double factor(String region, LocalDate day) {
            return 1.0;
        }

        @Override
        public String describe() {
            return "none";
        }
    };

    double factor(String region, LocalDate day);

    /** Where the signal comes from, for provenance. */
    String describe();
}
