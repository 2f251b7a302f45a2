package org.stockbridge.forecasting.demand;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;

/**
 * A seeded, stratified, systematic sample of forecast windows that keeps at most a given number of them, so that the
 * cost of training (and of calibrating) is bounded whatever the size of the fleet.
 *
 * <p>The candidate windows come as runs: for each (series, horizon), origins {@code first, first + step, ...}. The
 * strata are (site kind, product kind), so depots and dispensing sites, drugs, PPE and devices each keep their share.
 * Each stratum gets a budget proportional to its candidates (largest remainders, at least one window), and inside a
 * stratum every run keeps the same share of its origins, evenly spaced from a phase drawn from the seed and the
 * series' key and horizon, the share being the largest that fits the budget. Systematic rather than random thinning
 * keeps each series' windows spread over its whole history (every season), and neighbouring origins, whose windows
 * overlap and say nearly the same thing, are what is dropped first. A run with fewer origins than one over the share
 * (a young series) keeps one window or none, as its phase falls, so young series are thinned harder than the cap alone
 * would need. The sample depends only on the seed, the keys and the runs, not on the order of the series: a series
 * keeps the same phase when the fleet grows.
 */
public final class WindowSample {

    /**
     * The candidate windows of one (series, horizon): {@code count} origins from {@code first}, {@code step} days
     * apart.
     */
    public record Run(DemandSeries series, int horizon, int first, int step, int count) {

        public Run {
            Objects.requireNonNull(series, "series must not be null");
            if (step < 1 || count < 0 || horizon < 1) {
                throw new IllegalArgumentException("a run needs a positive step and horizon and no negative count");
            }
        }

        int origin(int i) {
            return first + i * step;
        }
    }

    /** The stratum of a series: what kind of site holds what kind of product. */
    public record Stratum(SiteKind siteKind, ProductKind productKind) {

        /** A fixed order, so that the budgets do not depend on the order of the series. */
        static final Comparator<Stratum> ORDER = Comparator.comparing(Stratum::siteKind)
                .thenComparing(Stratum::productKind);

        public static Stratum of(DemandSeries series) {
            return new Stratum(series.attributes().siteKind(), series.attributes().productKind());
        }
    }

    private WindowSample() {
    }

    /** How many windows the runs hold. */
    public static long candidates(List<Run> runs) {
        long n = 0;
        for (Run r : runs) {
            n += r.count();
        }
        return n;
    }

    /**
     * At most {@code cap} windows of the runs, in the runs' order (every window when they are no more than
     * {@code cap}); every stratum with a candidate keeps at least one.
     *
     * @throws IllegalArgumentException when the cap is smaller than the number of strata with candidates
     */
    public static List<ForecastRow> take(List<Run> runs, long cap, long seed) {
        Objects.requireNonNull(runs, "runs must not be null");
        if (cap < 1) {
            throw new IllegalArgumentException("the cap must be positive, was " + cap);
        }
        long total = candidates(runs);
        if (total <= cap) {
            return all(runs, total);
        }
        Map<Stratum, List<Run>> strata = new TreeMap<>(Stratum.ORDER);
        for (Run r : runs) {
            if (r.count() > 0) {
                strata.computeIfAbsent(Stratum.of(r.series()), k -> new ArrayList<>()).add(r);
            }
        }
        Map<Stratum, Long> budgets = budgets(strata, total, cap);
        Map<Run, Phase> phases = new java.util.IdentityHashMap<>();
        for (Map.Entry<Stratum, List<Run>> e : strata.entrySet()) {
            phase(e.getValue(), budgets.get(e.getKey()), seed, phases);
        }
        List<ForecastRow> rows = new ArrayList<>((int) Math.min(cap, Integer.MAX_VALUE - 8));
        for (Run r : runs) {
            Phase p = phases.get(r);
            if (p == null) {
                continue;
            }
            for (int i = 0; i < r.count(); i++) {
                if (p.keeps(i)) {
                    rows.add(new ForecastRow(r.series(), r.origin(i), r.horizon()));
                }
            }
        }
        return rows;
    }

    /** A run keeps origin {@code i} when {@code floor(i * rate + phase)} steps up between {@code i} and {@code i+1}. */
    private record Phase(double phase, double rate) {

        boolean keeps(int i) {
            return Math.floor((i + 1) * rate + phase) > Math.floor(i * rate + phase);
        }
    }

    private static List<ForecastRow> all(List<Run> runs, long total) {
        List<ForecastRow> rows = new ArrayList<>((int) total);
        for (Run r : runs) {
            for (int i = 0; i < r.count(); i++) {
                rows.add(new ForecastRow(r.series(), r.origin(i), r.horizon()));
            }
        }
        return rows;
    }

    /** Budgets proportional to each stratum's candidates, at least one each, summing to at most {@code cap}. */
    static Map<Stratum, Long> budgets(Map<Stratum, List<Run>> strata, long total, long cap) {
        if (cap < strata.size()) {
            throw new IllegalArgumentException("a cap of " + cap + " windows cannot keep each of the "
                    + strata.size() + " strata (site kind, product kind)");
        }
        Map<Stratum, Long> budgets = new LinkedHashMap<>();
        Map<Stratum, Double> remainders = new LinkedHashMap<>();
        long given = 0;
        for (Map.Entry<Stratum, List<Run>> e : strata.entrySet()) {
            long n = candidates(e.getValue());
            double share = (double) cap * n / total;
            long b = Math.max(1, Math.min(n, (long) Math.floor(share)));
            budgets.put(e.getKey(), b);
            remainders.put(e.getKey(), share - Math.floor(share));
            given += b;
        }
        // the floors of one may have overspent: take back from the largest budgets; else hand out the remainders
        while (given > cap) {
            Stratum largest = budgets.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            budgets.merge(largest, -1L, Long::sum);
            given--;
        }
        List<Stratum> order = new ArrayList<>(remainders.keySet());
        order.sort((a, b) -> Double.compare(remainders.get(b), remainders.get(a)));
        for (Stratum s : order) {
            if (given >= cap) {
                break;
            }
            if (budgets.get(s) < candidates(strata.get(s))) {
                budgets.merge(s, 1L, Long::sum);
                given++;
            }
        }
        return budgets;
    }

    /**
     * The largest sampling rate whose seeded phases keep at most {@code budget} windows of the stratum's runs: each
     * run keeps about {@code rate} of its origins, evenly spaced, from a phase in [0, 1) drawn from the seed and the
     * series' key and horizon; a run with fewer origins than {@code 1 / rate} keeps one or none. The count kept rises
     * by one run at a time with the rate, so the budget is met exactly but for ties.
     */
    private static void phase(List<Run> runs, long budget, long seed, Map<Run, Phase> phases) {
        double[] offsets = new double[runs.size()];
        for (int i = 0; i < offsets.length; i++) {
            Run r = runs.get(i);
            long hash = mix(seed ^ mix(r.series().key().toString().hashCode() * 0x9E3779B97F4A7C15L + r.horizon()));
            offsets[i] = (hash >>> 11) * 0x1.0p-53;
        }
        double low = 0;
        double high = 1;
        for (int step = 0; step < 64 && low < high; step++) {
            double mid = (low + high) / 2;
            if (mid <= low || mid >= high) {
                break;
            }
            if (kept(runs, offsets, mid) <= budget) {
                low = mid;
            } else {
                high = mid;
            }
        }
        for (int i = 0; i < offsets.length; i++) {
            phases.put(runs.get(i), new Phase(offsets[i], low));
        }
        if (kept(runs, offsets, low) == 0) {
            // two runs tied for the first window and the budget is one: keep the middle window of the first run
            phases.put(runs.get(0), new Phase(0.5, 1.0 / runs.get(0).count()));
        }
    }

    private static long kept(List<Run> runs, double[] offsets, double rate) {
        long kept = 0;
        for (int i = 0; i < offsets.length; i++) {
            kept += (long) Math.floor(runs.get(i).count() * rate + offsets[i]);
        }
        return kept;
    }

    /** Murmur3's 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb53a6d89d3dbL;
        return z ^ (z >>> 33);
    }
}
