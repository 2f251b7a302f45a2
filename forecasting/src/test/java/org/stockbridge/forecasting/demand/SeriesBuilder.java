package org.stockbridge.forecasting.demand;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.domain.ledger.SiteContext;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.simulation.DemoPanel;
import org.stockbridge.forecasting.simulation.DemoStockSimulator;
import org.stockbridge.forecasting.simulation.SeriesSpec;

/** Test series: hand-made daily values, or a small panel from the demo simulator. */
public final class SeriesBuilder {

    public static final LocalDate START = LocalDate.of(2025, 1, 1);

    private String site = "SNS-R01";
    private String product = "PPE-n95";
    private SiteKind siteKind = SiteKind.REGIONAL;
    private ProductKind productKind = ProductKind.PPE;
    private LocalDate start = START;
    private double[] daily = new double[0];

    public static SeriesBuilder series() {
        return new SeriesBuilder();
    }

    public SeriesBuilder site(String code, SiteKind kind) {
        this.site = code;
        this.siteKind = kind;
        return this;
    }

    public SeriesBuilder product(String code, ProductKind kind) {
        this.product = code;
        this.productKind = kind;
        return this;
    }

    public SeriesBuilder start(LocalDate day) {
        this.start = day;
        return this;
    }

    /** The same value every day. */
    public SeriesBuilder constant(double value, int days) {
        daily = new double[days];
        java.util.Arrays.fill(daily, value);
        return this;
    }

    public SeriesBuilder values(double... values) {
        daily = values.clone();
        return this;
    }

    /** Poisson-like counts around a mean, from a seed. */
    public SeriesBuilder noisy(double mean, int days, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        daily = new double[days];
        for (int i = 0; i < days; i++) {
            daily[i] = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        return this;
    }

    public DemandSeries build() {
        return new DemandSeries(new DemandSeries.Key(site, product), new DemandSeries.Attributes(Jurisdiction.US,
                "HHS-1", siteKind, productKind, productKind == ProductKind.PPE), start, daily);
    }

    /** A small panel of simulated series: a few depots and products, {@code days} days from {@link #START}. */
    public static List<DemandSeries> simulatedPanel(int days, long seed) {
        DemoStockSimulator simulator = new DemoStockSimulator(seed, START, days, DemandDriver.NONE);
        List<DemandSeries> out = new ArrayList<>();
        String[] regions = {"HHS-1", "HHS-2", "HHS-3"};
        for (int r = 0; r < regions.length; r++) {
            String siteCode = "SNS-R0" + (r + 1);
            for (String p : List.of("PPE-n95", "PPE-gown", "PPE-surgical_mask")) {
                out.add(DemoPanel.toDemandSeries(simulator.simulate(new SeriesSpec(siteCode, regions[r],
                        new SiteContext(Jurisdiction.US, true), SiteKind.REGIONAL, p, ProductKind.PPE, true, 1))));
            }
            out.add(DemoPanel.toDemandSeries(simulator.simulate(new SeriesSpec(siteCode, regions[r],
                    new SiteContext(Jurisdiction.US, true), SiteKind.REGIONAL, "DRUG-" + r, ProductKind.DRUG, false,
                    1))));
        }
        return out;
    }
}
