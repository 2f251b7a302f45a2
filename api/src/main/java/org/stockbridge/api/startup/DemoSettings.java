package org.stockbridge.api.startup;

import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.stockbridge.batch.demo.DemoSize;
import org.stockbridge.batch.demo.DemoStockSettings;

/**
 * The synthetic demo stock at start-up ({@code stockbridge.demo.*}).
 *
 * @param enabled            generate it at first start; default true
 * @param size               {@code 1x} (the default), {@code 10x} or {@code 100x}: the profile the other settings
 *                           default to ({@link DemoSize})
 * @param seed               default {@value DemoStockSettings#DEFAULT_SEED}
 * @param days               days of history; default 730
 * @param endDate            the last day of history; default yesterday (UTC) at first start
 * @param dispensingSites    dispensing sites that get stock; default the size's (24 at 1x)
 * @param drugGroups         cross-border equivalence groups the depots stock; default 12
 * @param dispensingProducts products of the U.S. depot range each dispensing site stocks besides Evusheld; default
 *                           the size's (2 at 1x: the N95 and surgical masks)
 */
@ConfigurationProperties("stockbridge.demo")
record DemoSettings(Boolean enabled, String size, Long seed, Integer days, LocalDate endDate, Integer dispensingSites,
                    Integer drugGroups, Integer dispensingProducts) {

    DemoStockSettings toSettings() {
        DemoStockSettings defaults = DemoSize.parse(size).settings();
        return new DemoStockSettings(seed == null ? defaults.seed() : seed, days == null ? defaults.days() : days,
                endDate, dispensingSites == null ? defaults.dispensingSites() : dispensingSites,
                drugGroups == null ? defaults.drugGroups() : drugGroups,
                dispensingProducts == null ? defaults.dispensingProducts() : dispensingProducts);
    }

    boolean on() {
        return enabled == null || enabled;
    }
}
