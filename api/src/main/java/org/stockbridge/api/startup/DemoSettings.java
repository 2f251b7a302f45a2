package org.stockbridge.api.startup;

import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.stockbridge.batch.demo.DemoStockSettings;

/**
 * The synthetic demo stock at start-up ({@code stockbridge.demo.*}).
 *
 * @param enabled         generate it at first start; default true
 * @param seed            default {@value DemoStockSettings#DEFAULT_SEED}
 * @param days            days of history; default 730
 * @param endDate         the last day of history; default yesterday (UTC) at first start
 * @param dispensingSites dispensing sites that get stock; default 24
 * @param drugGroups      cross-border equivalence groups the depots stock; default 12
 */
@ConfigurationProperties("stockbridge.demo")
record DemoSettings(Boolean enabled, Long seed, Integer days, LocalDate endDate, Integer dispensingSites,
                    Integer drugGroups) {

    DemoStockSettings toSettings() {
        DemoStockSettings defaults = DemoStockSettings.defaults();
        return new DemoStockSettings(seed == null ? defaults.seed() : seed, days == null ? defaults.days() : days,
                endDate, dispensingSites == null ? defaults.dispensingSites() : dispensingSites,
                drugGroups == null ? defaults.drugGroups() : drugGroups);
    }

    boolean on() {
        return enabled == null || enabled;
    }
}
