package org.stockbridge.batch.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stockbridge.forecasting.demand.DemandForecast;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.PanelSignals;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;
import org.stockbridge.forecasting.risk.SupplyRisk;
import org.stockbridge.forecasting.stockout.ProjectionSettings;
import org.stockbridge.forecasting.stockout.StockPosition;
import org.stockbridge.forecasting.stockout.StockoutProjection;
import org.stockbridge.forecasting.stockout.StockoutProjector;

/**
 * Scores (site, product) pairs with a demand model: the forecast at every horizon of the model and the stockout
 * projection at p90, with the supply risk of the product's ATC code (the highest 90-day risk among the ingredients
 * that carry it) discounting inbound stock. Loads the panel and forecasts every
 * series once per horizon when created (the model predicts them in blocks of 50,000), so every series is scored
 * whatever the caps on training windows; not thread-safe.
 */
final class ForecastScoring {

    private final long modelId;
    private final DemandModel model;
    private final PanelSignals signals;
    private final Map<String, DemandSeries> byKey = new HashMap<>();
    private final Map<String, StockPosition> positions;
    private final Map<String, Double> riskByAtc;
    private final DemandDriver driver;
    private final LocalDate asOf;
    private final StockoutProjector projector = new StockoutProjector();
    private final Map<String, DemandForecast> forecasts = new HashMap<>();

    ForecastScoring(long modelId, DemandModel model, List<DemandSeries> panel, Map<String, StockPosition> positions,
                    Map<String, Double> riskByAtc, DemandDriver driver, LocalDate asOf) {
        this.modelId = modelId;
        this.model = model;
        this.signals = PanelSignals.of(panel, driver);
        for (int h : model.horizons()) {
            for (DemandForecast f : model.forecast(signals, panel, asOf, h)) {
                forecasts.put(f.key() + "@" + h, f);
            }
        }
        this.positions = positions;
        this.riskByAtc = riskByAtc;
        this.driver = driver;
        this.asOf = asOf;
        panel.forEach(s -> byKey.put(s.key().toString(), s));
    }

    /** The supply risk per ATC code: the highest probability among the ingredients carrying it. */
    static Map<String, Double> riskByAtc(RiskSources sources, RiskModel risk, LocalDate asOf) {
        LocalDate day = asOf.isAfter(sources.lastFiled()) ? sources.lastFiled().plusDays(1) : asOf;
        List<org.stockbridge.forecasting.risk.RiskRow> rows = RiskTrainer.rows(sources, List.of(day),
                risk.horizonDays(), day);
        double[] p = risk.probabilities(rows);
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String atc = sources.atc(rows.get(i).ingredient());
            if (atc != null) {
                out.merge(atc, p[i], Math::max);
            }
        }
        return out;
    }

    List<ScoreRow> score(ForecastData.Pair pair) {
        DemandSeries series = byKey.get(pair.site() + "/" + pair.product());
        List<ScoreRow> rows = new ArrayList<>();
        if (series == null || series.length() < 7) {
            return rows;
        }
        StockPosition position = positions.get(pair.site() + "/" + pair.product());
        ProjectionSettings settings = ProjectionSettings.defaults().withSupplyRisk(SupplyRisk.of(riskByAtc, pair.atc()));
        for (int h : model.horizons()) {
            DemandForecast f = forecasts.get(series.key() + "@" + h);
            if (f == null) {
                continue;
            }
            StockoutProjection p = projector.project(position, f, settings);
            rows.add(new ScoreRow(modelId, pair.siteId(), pair.productId(), h, asOf, f.expected(), f.p10(), f.p50(),
                    f.p90(), position.usable(), p.stockoutProbability(), p.expectedStockoutDate(), p.shortfallP50(),
                    p.shortfall()));
        }
        return rows;
    }
}
