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
 * @param seed            XGBoost's seed, and the seed of the window sample
 * @param maxTrainingRows    the most training windows one fit sees: beyond it a seeded, stratified sample of
 *                           origins ({@link WindowSample}), so the cost of training does not grow with the fleet
 * @param maxCalibrationRows the most calibration windows, sampled the same way
 */
public record DemandTrainingSettings(List<Integer> horizons, int trees, int maxDepth, double eta, int originStep,
                                     int calibrationDays, int minHistory, int threads, long seed, int maxTrainingRows,
                                     int maxCalibrationRows) {

    /** The most training windows by default: about 2 GB of heap while XGBoost trains (docs/benchmarks). */
    public static final int MAX_TRAINING_ROWS = 1_500_000;
    /** The most calibration windows by default: tens of thousands per conformal group. */
    public static final int MAX_CALIBRATION_ROWS = 300_000;
    /** Below this a cap could not keep every stratum of a national fleet. */
    public static final int MIN_ROWS_CAP = 1_000;

    /** Settings that train on every window (no cap). */
    public DemandTrainingSettings(List<Integer> horizons, int trees, int maxDepth, double eta, int originStep,
                                  int calibrationDays, int minHistory, int threads, long seed) {
        this(horizons, trees, maxDepth, eta, originStep, calibrationDays, minHistory, threads, seed,
                Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    public DemandTrainingSettings {
        horizons = List.copyOf(horizons);
        if (horizons.isEmpty() || horizons.stream().anyMatch(h -> h < 1 || h > 366)) {
            throw new IllegalArgumentException("horizons must be between 1 and 366 days, were " + horizons);
        }
        if (trees < 1 || maxDepth < 1 || !(eta > 0) || originStep < 1 || calibrationDays < 1 || minHistory < 1
                || threads < 1) {
            throw new IllegalArgumentException("training settings must be positive");
        }
        if (maxTrainingRows < MIN_ROWS_CAP || maxCalibrationRows < MIN_ROWS_CAP) {
            throw new IllegalArgumentException("the caps on training and calibration windows must be at least "
                    + MIN_ROWS_CAP + ", were " + maxTrainingRows + " and " + maxCalibrationRows);
        }
    }

    /**
     * 7, 28 and 90 days; 300 trees of depth 6 at 0.05; an origin every 4 days; 120 calibration days; at most
     * {@value #MAX_TRAINING_ROWS} training and {@value #MAX_CALIBRATION_ROWS} calibration windows.
     */
    public static DemandTrainingSettings defaults() {
        return new DemandTrainingSettings(List.of(7, 28, 90), 300, 6, 0.05, 4, 120, 28, 1, 20_261_201L,
                MAX_TRAINING_ROWS, MAX_CALIBRATION_ROWS);
    }

    public int longestHorizon() {
        return horizons.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    public DemandTrainingSettings withHorizons(List<Integer> newHorizons) {
        return new DemandTrainingSettings(newHorizons, trees, maxDepth, eta, originStep, calibrationDays, minHistory,
                threads, seed, maxTrainingRows, maxCalibrationRows);
    }

    public DemandTrainingSettings withCalibrationDays(int days) {
        return new DemandTrainingSettings(horizons, trees, maxDepth, eta, originStep, days, minHistory, threads, seed,
                maxTrainingRows, maxCalibrationRows);
    }

    public DemandTrainingSettings withMinHistory(int days) {
        return new DemandTrainingSettings(horizons, trees, maxDepth, eta, originStep, calibrationDays, days, threads,
                seed, maxTrainingRows, maxCalibrationRows);
    }

    public DemandTrainingSettings withOriginStep(int days) {
        return new DemandTrainingSettings(horizons, trees, maxDepth, eta, days, calibrationDays, minHistory, threads,
                seed, maxTrainingRows, maxCalibrationRows);
    }

    public DemandTrainingSettings withTrees(int count) {
        return new DemandTrainingSettings(horizons, count, maxDepth, eta, originStep, calibrationDays, minHistory,
                threads, seed, maxTrainingRows, maxCalibrationRows);
    }

    /** The same settings with other caps on training and calibration windows. */
    public DemandTrainingSettings withRowCaps(int training, int calibration) {
        return new DemandTrainingSettings(horizons, trees, maxDepth, eta, originStep, calibrationDays, minHistory,
                threads, seed, training, calibration);
    }
}
