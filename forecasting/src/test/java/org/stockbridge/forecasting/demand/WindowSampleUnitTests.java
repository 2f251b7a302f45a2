package org.stockbridge.forecasting.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;

class WindowSampleUnitTests {

    private static final DemandTrainingSettings EVERY_WINDOW = new DemandTrainingSettings(List.of(7, 28, 90), 10, 3,
            0.1, 4, 120, 28, 1, 42L);
    private static final LocalDate AS_OF = SeriesBuilder.START.plusDays(699);

    /**
     * A fleet shaped like a national one: hundreds of dispensing series, a few dozen hospital ones, a handful of
     * depots (one national depot holding a single device), some series younger than the rest.
     */
    static List<DemandSeries> fleet() {
        List<DemandSeries> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            for (ProductKind kind : List.of(ProductKind.PPE, ProductKind.DRUG)) {
                out.add(series("PH-" + i, SiteKind.DISPENSING, kind + "-" + (i % 7), kind, i % 5 == 0 ? 400 : 700));
            }
        }
        for (int i = 0; i < 30; i++) {
            out.add(series("HOSP-" + i, SiteKind.HOSPITAL, "DEVICE-vent", ProductKind.DEVICE, 700));
        }
        for (int i = 0; i < 4; i++) {
            out.add(series("STATE-" + i, SiteKind.STATE, "PPE-n95", ProductKind.PPE, 700));
        }
        out.add(series("SNS", SiteKind.NATIONAL, "DEVICE-vent", ProductKind.DEVICE, 700));
        return out;
    }

    private static DemandSeries series(String site, SiteKind siteKind, String product, ProductKind productKind,
                                       int days) {
        return SeriesBuilder.series().site(site, siteKind).product(product, productKind)
                .start(AS_OF.minusDays(days - 1)).noisy(3, days, site.hashCode() + product.hashCode()).build();
    }

    private static DemandTrainer.Split split(List<DemandSeries> fleet, int trainingCap, int calibrationCap, long seed) {
        DemandTrainingSettings s = new DemandTrainingSettings(EVERY_WINDOW.horizons(), 10, 3, 0.1, 4, 120, 28, 1,
                seed, trainingCap, calibrationCap);
        return new DemandTrainer(s).split(fleet, AS_OF);
    }

    private static Set<String> windows(List<ForecastRow> rows) {
        return rows.stream().map(ForecastRow::toString).collect(Collectors.toSet());
    }

    @Test
    void the_same_seed_draws_the_same_windows_whatever_the_order_of_the_series() {
        List<DemandSeries> fleet = fleet();
        List<DemandSeries> shuffled = new ArrayList<>(fleet);
        Collections.shuffle(shuffled, new Random(3));

        DemandTrainer.Split a = split(fleet, 20_000, 5_000, 7L);
        DemandTrainer.Split b = split(shuffled, 20_000, 5_000, 7L);
        DemandTrainer.Split other = split(fleet, 20_000, 5_000, 8L);

        assertThat(windows(b.training())).isEqualTo(windows(a.training()));
        assertThat(windows(b.calibration())).isEqualTo(windows(a.calibration()));
        assertThat(windows(other.training())).isNotEqualTo(windows(a.training()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 7_777, 20_000, 60_000})
    void the_sample_keeps_no_more_windows_than_the_cap_and_nearly_all_it_allows(int cap) {
        DemandTrainer.Split split = split(fleet(), cap, cap, 7L);

        assertThat(split.trainingCandidates()).isGreaterThan(cap);
        assertThat(split.training()).hasSizeLessThanOrEqualTo(cap).hasSizeGreaterThan((int) (cap * 0.99));
        assertThat(split.calibration().size()).isLessThanOrEqualTo(cap);
        assertThat(windows(split.training())).hasSize(split.training().size());
    }

    @Test
    void under_the_cap_every_window_is_kept_in_the_order_of_the_series() {
        List<DemandSeries> fleet = fleet();
        DemandTrainer.Split all = new DemandTrainer(EVERY_WINDOW).split(fleet, AS_OF);
        DemandTrainer.Split capped = split(fleet, (int) all.trainingCandidates(), (int) all.calibrationCandidates(),
                7L);

        assertThat(all.training()).hasSize((int) all.trainingCandidates());
        assertThat(capped.training()).containsExactlyElementsOf(all.training());
        assertThat(capped.calibration()).containsExactlyElementsOf(all.calibration());
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 5_000, 40_000})
    void every_stratum_keeps_its_share_of_the_windows_even_a_single_depot(int cap) {
        List<DemandSeries> fleet = fleet();
        DemandTrainer.Split all = new DemandTrainer(EVERY_WINDOW).split(fleet, AS_OF);
        DemandTrainer.Split capped = split(fleet, cap, cap, 7L);
        Function<List<ForecastRow>, Map<WindowSample.Stratum, Long>> byStratum = rows -> rows.stream()
                .collect(Collectors.groupingBy(r -> WindowSample.Stratum.of(r.series()), Collectors.counting()));

        Map<WindowSample.Stratum, Long> before = byStratum.apply(all.training());
        Map<WindowSample.Stratum, Long> after = byStratum.apply(capped.training());
        assertThat(after.keySet()).isEqualTo(before.keySet()).hasSize(5);
        double share = (double) cap / all.training().size();
        before.forEach((stratum, n) -> assertThat((double) after.get(stratum))
                .as("%s", stratum).isBetween(Math.min(1, n * share) - 1, n * share + 1));
        assertThat(byStratum.apply(capped.calibration()).keySet()).isEqualTo(before.keySet());
    }

    @Test
    void every_series_keeps_windows_spread_over_its_history_when_the_cap_allows_one_per_series_and_horizon() {
        List<DemandSeries> fleet = fleet();
        DemandTrainer.Split capped = split(fleet, 20_000, 5_000, 7L);

        Map<String, List<ForecastRow>> bySeries = capped.training().stream()
                .collect(Collectors.groupingBy(r -> r.series().key() + "+" + r.horizon()));
        assertThat(bySeries).hasSize(fleet.size() * 3);
        for (List<ForecastRow> rows : bySeries.values()) {
            int first = rows.stream().mapToInt(ForecastRow::origin).min().orElseThrow();
            int last = rows.stream().mapToInt(ForecastRow::origin).max().orElseThrow();
            int length = rows.get(0).series().length() - 120 - 28 - rows.get(0).horizon();
            assertThat(last - first).as("%s", rows.get(0)).isGreaterThan(length / 2);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 20_000, Integer.MAX_VALUE})
    void no_calibration_window_is_ever_trained_on(int cap) {
        List<DemandSeries> fleet = fleet();
        DemandTrainer.Split split = split(fleet, cap, cap, 7L);

        Set<String> training = windows(split.training());
        assertThat(split.calibration()).noneMatch(r -> training.contains(r.toString()));
        for (ForecastRow r : split.training()) {
            assertThat(r.series().date(r.origin() + r.horizon())).as("%s", r)
                    .isBeforeOrEqualTo(split.trainingTo());
        }
        for (ForecastRow r : split.calibration()) {
            assertThat(r.series().date(r.origin())).as("%s", r).isAfterOrEqualTo(split.trainingTo());
            assertThat(r.series().date(r.origin() + r.horizon())).isBeforeOrEqualTo(AS_OF);
        }
    }

    @Test
    void a_cap_below_one_window_per_series_keeps_a_seeded_subset_of_the_series_in_every_stratum() {
        List<DemandSeries> fleet = fleet();
        DemandTrainer.Split capped = split(fleet, 1_000, 1_000, 7L);

        Set<String> series = new HashSet<>();
        capped.training().forEach(r -> series.add(r.series().key().toString()));
        assertThat(capped.training()).hasSizeLessThanOrEqualTo(1_000);
        assertThat(series.size()).isLessThan(fleet.size()).isGreaterThan(200);
        assertThat(windows(split(fleet, 1_000, 1_000, 7L).training())).isEqualTo(windows(capped.training()));
    }

    @Test
    void a_cap_too_small_to_keep_every_stratum_or_not_positive_is_refused() {
        assertThatThrownBy(() -> EVERY_WINDOW.withRowCaps(999, 1_000))
                .hasMessageContaining("at least 1000");
        DemandSeries one = fleet().get(0);
        DemandSeries depot = fleet().get(fleet().size() - 1);
        List<WindowSample.Run> runs = List.of(new WindowSample.Run(one, 7, 0, 1, 10),
                new WindowSample.Run(depot, 7, 0, 1, 10));
        assertThatThrownBy(() -> WindowSample.take(runs, 1, 1L)).hasMessageContaining("2 strata");
        assertThatThrownBy(() -> WindowSample.take(runs, 0, 1L)).hasMessageContaining("positive");
        assertThat(WindowSample.take(runs, 2, 1L)).hasSize(2)
                .extracting(r -> WindowSample.Stratum.of(r.series())).doesNotHaveDuplicates();
    }
}
