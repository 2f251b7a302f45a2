package org.stockbridge.forecasting.backtest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.DemandTrainer;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;
import org.stockbridge.forecasting.demand.ForecastRow;
import org.stockbridge.forecasting.demand.PanelSignals;
import org.stockbridge.forecasting.demand.RegressionRows;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.driver.HospitalCensus;
import org.stockbridge.forecasting.metrics.DemandAccuracy;
import org.stockbridge.forecasting.simulation.DemoPanel;
import org.stockbridge.forecasting.simulation.DemoStockSimulator;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

/**
 * What capping the demand model's windows costs: the rolling-origin demand backtest of {@link Backtests} on the demo
 * panel, with the model trained on every window (the baseline) and, in the same run and at the same origins, on a
 * seeded stratified sample of a share of its training and calibration windows (the caps of
 * {@link DemandTrainingSettings#maxTrainingRows()} forced low enough to bite at demo size). Prints, per share, the
 * accuracy and its change against every window, and the training time; then the memory a training window takes.
 * {@code SamplingBenchmark [data] [panel.csv] [shares]}, shares comma-separated (default 0.5,0.25,0.1,0.05).
 */
public final class SamplingBenchmark {

    private SamplingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data/real");
        Path panel = Path.of(args.length > 1 ? args[1] : "benchmarks/demo-panel.csv");
        String which = args.length > 2 ? args[2] : "0.5,0.25,0.1,0.05";
        List<Double> shares = new ArrayList<>(List.of(1.0));
        if (!which.equals("memory")) {
            for (String s : which.split(",")) {
                shares.add(Double.parseDouble(s.trim()));
            }
        }
        DemandDriver driver = HospitalCensus.read(data.resolve(Backtests.CENSUS)).replayedTo(Backtests.DEMO_END);
        LocalDate start = Backtests.DEMO_END.minusDays(729);
        List<DemandSeries> series = DemoPanel.read(panel).series(new DemoStockSimulator(Backtests.SEED, start, 730,
                driver));
        DemandTrainingSettings settings = DemandTrainingSettings.defaults().withRowCaps(Integer.MAX_VALUE,
                Integer.MAX_VALUE);
        List<LocalDate> origins = DemandBacktest.monthlyOrigins(start.plusDays(485),
                Backtests.DEMO_END.minusDays(90));
        log("%d series, origins %s, shares %s", series.size(), origins, shares);
        String memory = memory(series, driver, settings);
        log("%s", memory.trim());
        if (which.equals("memory")) {
            System.out.print(memory);
            return;
        }

        Map<DemandSeries.Key, double[]> naive = new HashMap<>();
        LocalDate first = origins.get(0);
        for (DemandSeries s : series) {
            naive.put(s.key(), DemandAccuracy.naiveScale(s.daily(), s.index(first)));
        }
        PanelSignals signals = PanelSignals.of(series, driver);
        DemandAccuracy accuracy = new DemandAccuracy();
        Map<String, long[]> cost = new LinkedHashMap<>();
        for (LocalDate origin : origins) {
            List<ForecastRow> evaluation = new ArrayList<>();
            for (DemandSeries s : series) {
                int o = s.index(origin);
                for (int h : settings.horizons()) {
                    if (o >= settings.minHistory() - 1 && o + h < s.length()) {
                        evaluation.add(new ForecastRow(s, o, h));
                    }
                }
            }
            DemandTrainer.Split all = new DemandTrainer(settings).split(series, origin);
            for (double share : shares) {
                String name = name(share);
                DemandTrainingSettings capped = share >= 1 ? settings : settings.withRowCaps(
                        cap(all.trainingCandidates(), share), cap(all.calibrationCandidates(), share));
                long begin = System.nanoTime();
                DemandModel model = new DemandTrainer(capped, DemandTrainer.xgboost(capped), name).train(series,
                        origin, driver);
                long millis = (System.nanoTime() - begin) / 1_000_000;
                double[] rates = RegressionRows.predictRates(model.model(), evaluation, signals);
                DemandBacktest.record(accuracy, name, evaluation, rates, model.calibrator(), naive);
                long[] c = cost.computeIfAbsent(name, k -> new long[3]);
                c[0] += millis;
                c[1] += model.trainingRows();
                c[2] += model.calibrationRows();
                log("%s %s: %d training, %d calibration windows, %d ms", origin, name, model.trainingRows(),
                        model.calibrationRows(), millis);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Demand backtest on the demo panel (%d series, origins %s..%s), "
                + "model trained on a share of its windows against every window, same run.%n%n", series.size(),
                origins.get(0), origins.get(origins.size() - 1)));
        out.append("| windows kept | horizon | training rows/fold | calibration rows/fold | training s/fold "
                + "| RMSSE | MASE | pinball 0.5 | pinball 0.9 | 80% cov. | 90% cov. | 90% width "
                + "| ΔMASE | Δpinball 0.5 | Δpinball 0.9 | time ratio |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        String baseline = name(1.0);
        for (int horizon : List.of(0, 7, 28, 90)) {
            DemandAccuracy.Summary b = accuracy.summary(baseline, horizon);
            for (double share : shares) {
                String name = name(share);
                DemandAccuracy.Summary s = accuracy.summary(name, horizon);
                long[] c = cost.get(name);
                out.append(String.format(Locale.ROOT,
                        "| %s | %s | %d | %d | %.1f | %.4f | %.4f | %.4f | %.4f | %.3f | %.3f | %.3f "
                                + "| %+.1f%% | %+.1f%% | %+.1f%% | %.2f |%n",
                        name, horizon == 0 ? "all" : horizon + " d", c[1] / origins.size(), c[2] / origins.size(),
                        c[0] / 1000.0 / origins.size(), s.rmsse(), s.mase(), s.pinball50(), s.pinball90(),
                        s.coverage80(), s.coverage90(), s.width90(), change(s.mase(), b.mase()),
                        change(s.pinball50(), b.pinball50()), change(s.pinball90(), b.pinball90()),
                        (double) c[0] / cost.get(baseline)[0]));
            }
        }
        out.append('\n').append(memory);
        System.out.print(out);
        if (args.length > 3) {
            Files.writeString(Path.of(args[3]), out, StandardCharsets.UTF_8);
        }
    }

    /**
     * The live heap a training window holds as a Tribuo example (measured after a collection), and the peak heap and
     * resident memory while XGBoost trains on every window as of the last day, per window.
     */
    static String memory(List<DemandSeries> series, DemandDriver driver, DemandTrainingSettings settings)
            throws Exception {
        DemandTrainer.Split split = new DemandTrainer(settings).split(series, Backtests.DEMO_END);
        PanelSignals signals = PanelSignals.of(series, driver);
        long before = liveHeap();
        MutableDataset<Regressor> dataset = RegressionRows.dataset(split.training(), signals, "memory");
        long after = liveHeap();
        int rows = dataset.size();
        dataset = null;
        liveHeap();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception | Error e) {
            log("cannot reset the resident peak: %s", e);
        }
        long rssBefore = rss("VmRSS");
        long base = liveHeap();
        AfterCollections live = new AfterCollections();
        long t = System.nanoTime();
        new DemandTrainer(settings).train(series, Backtests.DEMO_END, driver);
        long millis = (System.nanoTime() - t) / 1_000_000;
        live.close();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long rssPeak = rss("VmHWM");
        return String.format(Locale.ROOT, "Memory, training as of %s on every window (%d training windows, %d ms): "
                        + "the Tribuo examples hold %d bytes of live heap per window; the live heap (its largest "
                        + "size after a collection, %d collections) peaked %d bytes per window above the live heap "
                        + "before training; the heap in use peaked %d bytes per window (garbage included); resident "
                        + "memory (heap and XGBoost's native matrices) rose to %d bytes per window above its level "
                        + "before training (%s).%n", Backtests.DEMO_END, rows, millis, (after - before) / rows,
                live.collections, live.max < 0 ? -1 : (live.max - base) / rows, (peak - base) / rows,
                rssBefore < 0 || rssPeak < 0 ? -1 : (rssPeak - rssBefore) / rows,
                rssBefore < 0 ? "not on Linux" : "VmHWM - VmRSS");
    }

    /** The largest heap left in use after a collection while it listens: the live set's peak. */
    private static final class AfterCollections implements javax.management.NotificationListener {

        private final List<javax.management.NotificationEmitter> emitters = new ArrayList<>();
        volatile long max = -1;
        volatile int collections;

        AfterCollections() {
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter emitter) {
                    emitter.addNotificationListener(this, null, null);
                    emitters.add(emitter);
                }
            }
        }

        @Override
        public void handleNotification(javax.management.Notification notification, Object handback) {
            if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                    .equals(notification.getType())) {
                return;
            }
            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) notification.getUserData());
            long used = 0;
            for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPool(e.getKey())) {
                    used += e.getValue().getUsed();
                }
            }
            synchronized (this) {
                collections++;
                max = Math.max(max, used);
            }
        }

        void close() throws Exception {
            for (var emitter : emitters) {
                emitter.removeNotificationListener(this);
            }
        }

        private static boolean heapPool(String name) {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals(name)) {
                    return pool.getType() == MemoryType.HEAP;
                }
            }
            return false;
        }
    }

    private static long liveHeap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }

    /** A field of /proc/self/status in bytes, or -1. */
    private static long rss(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static int cap(long candidates, double share) {
        return (int) Math.max(DemandTrainingSettings.MIN_ROWS_CAP, Math.round(candidates * share));
    }

    private static String name(double share) {
        return share >= 1 ? "all" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static double change(double value, double baseline) {
        return baseline == 0 ? Double.NaN : 100 * (value - baseline) / baseline;
    }

    private static void log(String format, Object... args) {
        System.err.println("[sampling] " + String.format(Locale.ROOT, format, args));
    }
}
