package org.stockbridge.batch.forecast;

import java.nio.file.Path;
import java.util.Objects;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;

/**
 * What the forecast job trains and where it reads the real files.
 *
 * @param riskModels whether the job also retrains the shortage-risk models (from the DSC, DPD and openFDA files)
 * @param chunkSize  (site, product) pairs scored per transaction
 */
public record ForecastJobSettings(DemandTrainingSettings demand, boolean riskModels, Path dataDirectory,
                                  int chunkSize, long seed) {

    public ForecastJobSettings {
        Objects.requireNonNull(demand, "demand must not be null");
        Objects.requireNonNull(dataDirectory, "dataDirectory must not be null");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        }
    }
}
