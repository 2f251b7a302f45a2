package org.stockbridge.api.forecast;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.stockbridge.batch.forecast.ForecastJobSettings;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The forecast job's settings and the bounded scheduler every Tribuo call of the API runs on. */
@Configuration(proxyBeanMethods = false)
class ForecastConfiguration {

    static final long SEED = 20_261_201L;

    @Bean
    ForecastJobSettings forecastJobSettings(ForecastSettings settings) {
        return new ForecastJobSettings(DemandTrainingSettings.defaults().withTrees(settings.trees())
                        .withRowCaps(settings.maxTrainingRows(), settings.maxCalibrationRows()),
                settings.riskModels(),
                settings.resolvedDataDirectory(), 50, SEED, settings.leadTimes().resolved());
    }

    @Bean(destroyMethod = "dispose")
    Scheduler forecastScheduler(ForecastSettings settings) {
        return Schedulers.newBoundedElastic(settings.threads(), settings.queue(), "forecast");
    }
}
