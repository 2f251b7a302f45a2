package org.stockbridge.forecasting.stockout;

/**
 * How a projection is made, including the what-if parameters.
 *
 * @param quantile          the demand quantile the shortfall and the pessimistic path are read at (default 0.9)
 * @param supplyRisk        the probability that the product's supply is disrupted (the ingredient's shortage risk);
 *                          inbound stock is expected at {@code 1 - supplyRisk × disruptionLoss} of its quantity
 * @param disruptionLoss    the share of a delivery a disruption costs (default 0.5)
 * @param demandMultiplier  what-if: demand times this (default 1)
 * @param leadTimeDelayDays what-if: every inbound arrives this many days later (default 0)
 */
public record ProjectionSettings(double quantile, double supplyRisk, double disruptionLoss, double demandMultiplier,
                                 int leadTimeDelayDays) {

    /** The lowest demand quantile a projection reads. */
    public static final double MIN_QUANTILE = 0.05;
    /** The highest demand quantile a projection reads. */
    public static final double MAX_QUANTILE = 0.95;

    public ProjectionSettings {
        if (!acceptsQuantile(quantile)) {
            throw new IllegalArgumentException("quantile must be between " + MIN_QUANTILE + " and " + MAX_QUANTILE
                    + ", was " + quantile);
        }
        if (!(supplyRisk >= 0 && supplyRisk <= 1)) {
            throw new IllegalArgumentException("supplyRisk must be between 0 and 1, was " + supplyRisk);
        }
        if (!(disruptionLoss >= 0 && disruptionLoss <= 1)) {
            throw new IllegalArgumentException("disruptionLoss must be between 0 and 1, was " + disruptionLoss);
        }
        if (!(demandMultiplier >= 0 && demandMultiplier <= 100)) {
            throw new IllegalArgumentException("demandMultiplier must be between 0 and 100, was " + demandMultiplier);
        }
        if (leadTimeDelayDays < 0 || leadTimeDelayDays > 365) {
            throw new IllegalArgumentException("leadTimeDelayDays must be between 0 and 365, was "
                    + leadTimeDelayDays);
        }
    }

    /**
     * Whether a projection can be read at this demand quantile: from {@link #MIN_QUANTILE} to {@link #MAX_QUANTILE}.
     */
    public static boolean acceptsQuantile(double quantile) {
        return quantile >= MIN_QUANTILE && quantile <= MAX_QUANTILE;
    }

    /** p90, no supply risk, no what-if. */
    public static ProjectionSettings defaults() {
        return new ProjectionSettings(0.9, 0.0, 0.5, 1.0, 0);
    }

    public ProjectionSettings withSupplyRisk(double risk) {
        return new ProjectionSettings(quantile, risk, disruptionLoss, demandMultiplier, leadTimeDelayDays);
    }

    public ProjectionSettings withWhatIf(double multiplier, int delayDays) {
        return new ProjectionSettings(quantile, supplyRisk, disruptionLoss, multiplier, delayDays);
    }

    public ProjectionSettings withQuantile(double level) {
        return new ProjectionSettings(level, supplyRisk, disruptionLoss, demandMultiplier, leadTimeDelayDays);
    }
}
