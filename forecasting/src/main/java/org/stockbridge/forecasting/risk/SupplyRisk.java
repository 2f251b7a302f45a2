package org.stockbridge.forecasting.risk;

import java.util.Map;

/**
 * The supply risk a stock projection takes for a product, from the shortage-risk scores by ATC code: the score of the
 * product's own ATC code, else the highest score among the codes of its chemical subgroup (the first five characters,
 * e.g. {@code J01CA}), else 0. The one rule for the API's forecasts and the batch forecast job.
 */
public final class SupplyRisk {

    private static final int SUBGROUP = 5;

    private SupplyRisk() {
    }

    public static double of(Map<String, Double> riskByAtc, String atc) {
        if (atc == null || atc.isBlank()) {
            return 0;
        }
        Double exact = riskByAtc.get(atc);
        if (exact != null) {
            return exact;
        }
        String prefix = atc.length() >= SUBGROUP ? atc.substring(0, SUBGROUP) : atc;
        return riskByAtc.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(Map.Entry::getValue).max().orElse(0);
    }
}
