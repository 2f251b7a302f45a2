package org.stockbridge.batch.forecast;

import java.nio.file.Path;
import java.util.Objects;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;
import org.stockbridge.forecasting.stockout.LeadTimes;

/**
 * What the forecast job trains and where it reads the real files.
 *
 * @param riskModels whether the job also retrains the shortage-risk models (from the DSC, DPD and openFDA files)
 * @param chunkSize  (site, product) pairs scored per transaction
 * @param leadTimes  the resupply lead times the stockout projection assumes for a site's reorder policy
 */
public record ForecastJobSettings(DemandTrainingSettings demand, boolean riskModels, Path dataDirectory,
                                  int chunkSize, long seed, LeadTimes leadTimes) {

    public ForecastJobSettings {
        Objects.requireNonNull(demand, "demand must not be null");
        Objects.requireNonNull(leadTimes, "leadTimes must not be null");
        Objects.requireNonNull(dataDirectory, "dataDirectory must not be null");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        }
    }
}
