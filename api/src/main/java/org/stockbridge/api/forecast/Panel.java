package org.stockbridge.api.forecast;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.PanelSignals;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.stockout.LeadTimes;
import org.stockbridge.forecasting.stockout.Replenishment;
import org.stockbridge.forecasting.stockout.StockPosition;
import org.stockbridge.forecasting.stockout.UsableLot;

/** Everything known of the ledger as of a day: the series the demand models read and the positions projected. */
record Panel(LocalDate asOf, List<ForecastRepository.PairRow> pairs, List<DemandSeries> series,
             Map<String, StockPosition> positions, DemandDriver driver, PanelSignals signals) {

    int indexOf(String site, String product) {
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.get(i).site().equals(site) && pairs.get(i).product().equals(product)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The panel of a day from the ledger's rows: each (site, product) pair's daily issues since its first day, its
     * usable lots and replenishment policy, and the demand driver the models read.
     */
    static Panel assemble(LocalDate asOf, List<ForecastRepository.PairRow> pairs,
                          List<ForecastRepository.IssueSeries> issues, List<ForecastRepository.LotRow> lots,
                          List<ForecastRepository.PolicyRow> policies, DemandDriver driver, LeadTimes leadTimes) {
        Map<String, ForecastRepository.PolicyRow> policyByPair = new HashMap<>();
        for (ForecastRepository.PolicyRow p : policies) {
            policyByPair.put(p.siteId() + "/" + p.productId(), p);
        }
        Map<String, double[]> daily = new HashMap<>();
        Map<String, ForecastRepository.PairRow> byIds = new HashMap<>();
        for (ForecastRepository.PairRow p : pairs) {
            int days = (int) ChronoUnit.DAYS.between(p.firstDay(), asOf) + 1;
            daily.put(p.siteId() + "/" + p.productId(), new double[Math.max(1, days)]);
            byIds.put(p.siteId() + "/" + p.productId(), p);
        }
        for (ForecastRepository.IssueSeries i : issues) {
            String key = i.siteId() + "/" + i.productId();
            double[] d = daily.get(key);
            if (d != null) {
                long first = byIds.get(key).firstDay().toEpochDay();
                for (int k = 0; k < i.days().length; k++) {
                    long index = i.days()[k] - first;
                    if (index >= 0 && index < d.length) {
                        d[(int) index] += i.issued()[k];
                    }
                }
            }
        }
        Map<String, List<UsableLot>> usable = new HashMap<>();
        for (ForecastRepository.LotRow l : lots) {
            usable.computeIfAbsent(l.siteId() + "/" + l.productId(), k -> new ArrayList<>())
                    .add(new UsableLot(l.lot(), l.onHand(), l.expiry()));
        }
        List<DemandSeries> series = new ArrayList<>();
        Map<String, StockPosition> positions = new LinkedHashMap<>();
        for (ForecastRepository.PairRow p : pairs) {
            ProductKind kind = ProductKind.valueOf(p.productKind());
            boolean respiratory = kind == ProductKind.PPE || p.atc() != null
                    && (p.atc().startsWith("J") || p.atc().startsWith("R") || p.atc().startsWith("H02"));
            DemandSeries.Attributes attributes = new DemandSeries.Attributes(Jurisdiction.valueOf(p.jurisdiction()),
                    p.region(), SiteKind.valueOf(p.siteKind()), kind, respiratory);
            series.add(new DemandSeries(new DemandSeries.Key(p.site(), p.product()), attributes, p.firstDay(),
                    daily.get(p.siteId() + "/" + p.productId())));
            ForecastRepository.PolicyRow policy = policyByPair.get(p.siteId() + "/" + p.productId());
            Replenishment replenishment = policy == null ? null : new Replenishment(policy.reorderPoint(),
                    policy.maxStock(), leadTimes.of(kind, attributes.depot()));
            positions.put(p.site() + "/" + p.product(), new StockPosition(p.site(), p.product(), asOf,
                    usable.getOrDefault(p.siteId() + "/" + p.productId(), List.of()), List.of(), replenishment));
        }
        return new Panel(asOf, pairs, series, positions, driver, PanelSignals.of(series, driver));
    }
}
