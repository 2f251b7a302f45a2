package org.stockbridge.api.forecast;

import java.time.LocalDate;
import org.springframework.stereotype.Service;
import org.stockbridge.api.shortage.ShortageFreshness;
import org.stockbridge.api.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * How fresh the sources of the shortage risk scored as of a day are, by the rule of the risk views
 * ({@link ForecastEngine#freshness}), for the modules that act on stored risk scores (the alerts). Empty when the risk
 * files cannot be read.
 */
@Service
public class SupplyRiskFreshness {

    private final ForecastEngine engine;

    SupplyRiskFreshness(ForecastEngine engine) {
        this.engine = engine;
    }

    /** The freshness of the risk's sources as of the day (capped, as the scores are, at the history's end). */
    public Mono<ShortageFreshness> asOf(LocalDate day) {
        return engine.riskSources().map(s -> ForecastEngine.freshness(s, ForecastEngine.riskAsOf(s, day)))
                .onErrorResume(ApiException.class, e -> Mono.empty());
    }
}
