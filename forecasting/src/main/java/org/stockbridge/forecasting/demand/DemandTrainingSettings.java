package org.stockbridge.forecasting.demand;

import java.util.List;

/**
 * How the global demand model is trained.
 *
 * @param horizons        the horizons (days) one model answers
 * @param trees           boosting rounds
 * @param maxDepth        tree depth
 * @param eta             learning rate
 * @param originStep      days between the training origins taken from each series
 * @param calibrationDays the last days before the origin kept out of training for conformal calibration
 * @param minHistory      the least history (days) a training origin needs
 * @param threads         XGBoost threads (1 makes training bit-for-bit repeatable)
 * @param seed            XGBoost's seed
 */
public record DemandTrainingSettings(List<Integer> horizons, int trees, int maxDepth, double eta, int originStep,
                                     int calibrationDays, int minHistory, int threads, long seed) {

    public DemandTrainingSettings {
        horizons = List.copyOf(horizons);
        if (horizons.isEmpty() || horizons.stream().anyMatch(h -> h < 1 || h > 366)) {
            throw new IllegalArgumentException("horizons must be between 1 and 366 days, were " + horizons);
        }
        if (trees < 1 || maxDepth < 1 || !(eta > 0) || originStep < 1 || calibrationDays < 1 || minHistory < 1
                || threads < 1) {
            throw new IllegalArgumentException("training settings must be positive");
        }
    }

    /** 7, 28 and 90 days; 300 trees of depth 6 at 0.05; an origin every 4 days; 120 calibration days. */
    public static DemandTrainingSettings defaults() {
        return new DemandTrainingSettings(List.of(7, 28, 90), 300, 6, 0.05, 4, 120, 28, 1, 20_261_201L);
    }

    public int longestHorizon() {
        return horizons.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    public DemandTrainingSettings withHorizons(List<Integer> newHorizons) {
        return new DemandTrainingSettings(newHorizons, trees, maxDepth, eta, originStep, calibrationDays, minHistory,
                threads, seed);
    }

    public DemandTrainingSettings withCalibrationDays(int days) {
        return new DemandTrainingSettings(horizons, trees, maxDepth, eta, originStep, days, minHistory, threads, seed);
    }

    public DemandTrainingSettings withMinHistory(int days) {
        return new DemandTrainingSettings(horizons, trees, maxDepth, eta, originStep, calibrationDays, days, threads,
                seed);
    }

    public DemandTrainingSettings withOriginStep(int days) {
        return new DemandTrainingSettings(horizons, trees, maxDepth, eta, days, calibrationDays, minHistory, threads,
                seed);
    }

    public DemandTrainingSettings withTrees(int count) {
        return new DemandTrainingSettings(horizons, count, maxDepth, eta, originStep, calibrationDays, minHistory,
                threads, seed);
    }
}
