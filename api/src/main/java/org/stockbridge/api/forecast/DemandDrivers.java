package org.stockbridge.api.forecast;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.springframework.stereotype.Component;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.driver.HospitalCensus;

/**
 * The demand driver of the forecasts: the real U.S. hospital census (HHS), read once from the data directory; none
 * when the file is absent.
 */
@Component
class DemandDrivers {

    static final String CENSUS = "hhs-hospital-capacity-state/"
            + "COVID-19_Reported_Patient_Impact_and_Hospital_Capacity_by_State_Timeseries_subset.csv";

    private final ForecastSettings settings;
    private HospitalCensus census;

    DemandDrivers(ForecastSettings settings) {
        this.settings = settings;
    }

    /** The driver for a ledger whose demo parameters are these: the census replayed to the demo's end, if any. */
    DemandDriver driver(String demoParameters) {
        Path file = settings.resolvedDataDirectory().resolve(CENSUS);
        if (!Files.isRegularFile(file)) {
            return DemandDriver.NONE;
        }
        HospitalCensus hospital = census(file);
        for (String part : demoParameters.split(";")) {
            if (part.startsWith("end=")) {
                return hospital.replayedTo(LocalDate.parse(part.substring(4)));
            }
        }
        return hospital.asRecorded();
    }

    private synchronized HospitalCensus census(Path file) {
        if (census == null) {
            census = HospitalCensus.read(file);
        }
        return census;
    }
}
