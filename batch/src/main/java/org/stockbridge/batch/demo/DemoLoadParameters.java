package org.stockbridge.batch.demo;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters a demo stock load records in its {@code dataset_load} row ({@code seed=...;days=...;end=...;
 * dispensing=...;groups=...;range=...;writers=...}), so that an interrupted load regenerates exactly the same lines and resumes
 * with as many writers as it was planned for.
 */
final class DemoLoadParameters {

    private DemoLoadParameters() {
    }

    /** The settings with the end date fixed, so a resumed load regenerates exactly the same lines. */
    static DemoStockSettings pinned(DemoStockSettings settings) {
        return new DemoStockSettings(settings.seed(), settings.days(), settings.resolvedEndDate(),
                settings.dispensingSites(), settings.drugGroups(), settings.dispensingProducts());
    }

    static String format(DemoStockSettings s, int writers) {
        return "seed=" + s.seed() + ";days=" + s.days() + ";end=" + s.resolvedEndDate() + ";dispensing="
                + s.dispensingSites() + ";groups=" + s.drugGroups() + ";range=" + s.dispensingProducts() + ";writers="
                + writers;
    }

    /** How many writers the load was planned for (one for loads recorded before writers were recorded). */
    static int parts(String parameters) {
        for (String part : String.valueOf(parameters).split(";")) {
            if (part.startsWith("writers=")) {
                return Math.max(1, Integer.parseInt(part.substring("writers=".length())));
            }
        }
        return 1;
    }

    static DemoStockSettings parse(String parameters) {
        Map<String, String> values = new HashMap<>();
        for (String part : String.valueOf(parameters).split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2) {
                values.put(kv[0], kv[1]);
            }
        }
        try {
            return new DemoStockSettings(Long.parseLong(values.get("seed")), Integer.parseInt(values.get("days")),
                    LocalDate.parse(values.get("end")), Integer.parseInt(values.get("dispensing")),
                    Integer.parseInt(values.get("groups")), Integer.parseInt(values.getOrDefault("range",
                            String.valueOf(DemoStockSettings.DEFAULT_DISPENSING_PRODUCTS))));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the interrupted demo stock load recorded unreadable parameters '"
                    + parameters + "'; delete its dataset_load row and the demo data to start again", e);
        }
    }
}
