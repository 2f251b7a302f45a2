package org.stockbridge.batch.demo;

import java.util.Arrays;

/**
 * The sizes of the demo stock ({@code stockbridge.demo.size}): two years of history for the 24 strategic depots and a
 * number of the HHS locator's dispensing sites.
 *
 * <ul>
 *   <li>{@code 1x}, the default: 24 dispensing sites stocking Evusheld and the N95 and surgical masks, 552 (site,
 *       product) series;</li>
 *   <li>{@code 10x}: 264 dispensing sites stocking Evusheld and 18 products of the U.S. depot range, 5,496 series;</li>
 *   <li>{@code 100x}: every locator site with coordinates (2,735 of the 2,910 listed) stocking the same, 52,445
 *       series.</li>
 * </ul>
 */
public enum DemoSize {
    X1("1x", 24, 12, DemoStockSettings.DEFAULT_DISPENSING_PRODUCTS),
    X10("10x", 264, 12, 18),
    X100("100x", DemoStockSettings.MAX_DISPENSING_SITES, 12, 18);

    private final String label;
    private final int dispensingSites;
    private final int drugGroups;
    private final int dispensingProducts;

    DemoSize(String label, int dispensingSites, int drugGroups, int dispensingProducts) {
        this.label = label;
        this.dispensingSites = dispensingSites;
        this.drugGroups = drugGroups;
        this.dispensingProducts = dispensingProducts;
    }

    public String label() {
        return label;
    }

    /** The size's settings with the default seed, two years ending yesterday. */
    public DemoStockSettings settings() {
        return new DemoStockSettings(DemoStockSettings.DEFAULT_SEED, 730, null, dispensingSites, drugGroups,
                dispensingProducts);
    }

    /** {@code 1x}, {@code 10x} or {@code 100x}; null or blank for the default. */
    public static DemoSize parse(String value) {
        if (value == null || value.isBlank()) {
            return X1;
        }
        return Arrays.stream(values()).filter(s -> s.label.equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("stockbridge.demo.size must be one of "
                        + Arrays.stream(values()).map(DemoSize::label).toList() + ", was '" + value + "'"));
    }
}
