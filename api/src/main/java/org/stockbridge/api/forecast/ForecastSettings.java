package org.stockbridge.api.forecast;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;
import org.stockbridge.forecasting.stockout.LeadTimes;

/**
 * Forecasting in the service ({@code stockbridge.forecast.*}).
 *
 * @param schedule      when the forecast job retrains and rescores (a Spring cron, UTC); {@code -} never; default
 *                      02:30 every day
 * @param trainOnStart  run the job once after start when the ledger has movements and no demand model is registered;
 *                      default true
 * @param riskModels    the job also retrains the shortage-risk models; default true
 * @param dataDirectory the real files (hospital census, DSC, DPD, openFDA); default {@code data/real}, looked for
 *                      from the working directory upwards when relative
 * @param threads       the bounded pool that all model training and scoring runs on; default 2
 * @param queue         requests that may wait for that pool; default 100
 * @param trees         boosting rounds of the demand model; default 300
 * @param maxTrainingRows    the most windows the demand model is trained on; beyond it a seeded, stratified sample
 *                           of origins; default {@value DemandTrainingSettings#MAX_TRAINING_ROWS}
 * @param maxCalibrationRows the most windows it is conformally calibrated on, sampled the same way; default
 *                           {@value DemandTrainingSettings#MAX_CALIBRATION_ROWS}
 * @param leadTimes     resupply lead times in days that the stockout projection assumes for a site's reorder policy:
 *                      {@code ppe}, {@code drug}, {@code device} at depots (default 21, 14, 28) and {@code dispensing}
 *                      for dispensing sites (default 7)
 * @param asOfComputationsPerClient uncached as-of computations (a panel built, a model trained on request, risk
 *                      scores for a new day) one client may have running at once, further ones refused with 429
 *                      ({@link AsOfComputations}); default 1
 */
@ConfigurationProperties("stockbridge.forecast")
record ForecastSettings(String schedule, Boolean trainOnStart, Boolean riskModels, Path dataDirectory,
                        Integer threads, Integer queue, Integer trees, LeadTimeDays leadTimes,
                        Integer maxTrainingRows, Integer maxCalibrationRows, Integer asOfComputationsPerClient) {

    /** Lead times by kind; a missing one takes its default. */
    record LeadTimeDays(Integer ppe, Integer drug, Integer device, Integer dispensing) {

        LeadTimes resolved() {
            LeadTimes d = LeadTimes.defaults();
            return new LeadTimes(ppe == null ? d.ppe() : ppe, drug == null ? d.drug() : drug,
                    device == null ? d.device() : device, dispensing == null ? d.dispensing() : dispensing);
        }
    }

    ForecastSettings {
        schedule = schedule == null || schedule.isBlank() ? "0 30 2 * * *" : schedule.trim();
        trainOnStart = trainOnStart == null ? Boolean.TRUE : trainOnStart;
        riskModels = riskModels == null ? Boolean.TRUE : riskModels;
        dataDirectory = dataDirectory == null ? Path.of("data", "real") : dataDirectory;
        threads = threads == null ? 2 : threads;
        queue = queue == null ? 100 : queue;
        trees = trees == null ? 300 : trees;
        leadTimes = leadTimes == null ? new LeadTimeDays(null, null, null, null) : leadTimes;
        maxTrainingRows = maxTrainingRows == null ? DemandTrainingSettings.MAX_TRAINING_ROWS : maxTrainingRows;
        maxCalibrationRows = maxCalibrationRows == null ? DemandTrainingSettings.MAX_CALIBRATION_ROWS
                : maxCalibrationRows;
        if (maxTrainingRows < DemandTrainingSettings.MIN_ROWS_CAP) {
            throw new IllegalArgumentException("stockbridge.forecast.max-training-rows must be at least "
                    + DemandTrainingSettings.MIN_ROWS_CAP + ", was " + maxTrainingRows);
        }
        if (maxCalibrationRows < DemandTrainingSettings.MIN_ROWS_CAP) {
            throw new IllegalArgumentException("stockbridge.forecast.max-calibration-rows must be at least "
                    + DemandTrainingSettings.MIN_ROWS_CAP + ", was " + maxCalibrationRows);
        }
        leadTimes.resolved();
        asOfComputationsPerClient = asOfComputationsPerClient == null ? 1 : asOfComputationsPerClient;
        if (asOfComputationsPerClient < 1 || asOfComputationsPerClient > 64) {
            throw new IllegalArgumentException("stockbridge.forecast.as-of-computations-per-client must be between 1 "
                    + "and 64, was " + asOfComputationsPerClient);
        }
        if (trees < 1 || trees > 5000) {
            throw new IllegalArgumentException("stockbridge.forecast.trees must be between 1 and 5000, was " + trees);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("stockbridge.forecast.threads must be between 1 and 64, was " + threads);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("stockbridge.forecast.queue must be positive, was " + queue);
        }
    }

    Path resolvedDataDirectory() {
        if (dataDirectory.isAbsolute()) {
            return dataDirectory;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(dataDirectory))) {
                return dir.resolve(dataDirectory);
            }
        }
        return dataDirectory.toAbsolutePath();
    }
}
