package org.stockbridge.forecasting.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stockbridge.forecasting.metrics.ClassificationMetrics;
import org.stockbridge.forecasting.risk.RiskFeatures;
import org.stockbridge.forecasting.risk.RiskRow;

class RiskBoosterExperimentUnitTests {

    private static final List<String> COLUMNS = List.of("shortages_total", "reports_recency_weighted",
            "days_since_shortage");

    @Test
    void a_setting_reads_the_experiment_s_parts_in_any_order() {
        RiskRollingBacktest.Setting s = RiskRollingBacktest.Setting.parse(
                "150/4/0.1/5/linear0.3/rank:map/hard/bag3/decay12/linrefit/count0.2/rates/loglin");
        RiskBoosterExperiment e = s.experiment();
        assertThat(s.hardOnly()).isTrue();
        assertThat(s.linearWeight()).isEqualTo(0.3);
        assertThat(e).isEqualTo(new RiskBoosterExperiment("rank:map", 1, 1, 3, true, 0.2, 12, true, true, 0, false,
                false, 0));
        assertThat(RiskRollingBacktest.Setting.parse("150/4/0.1/5/own").experiment())
                .isEqualTo(RiskBoosterExperiment.NONE);
        assertThat(RiskRollingBacktest.Setting.parse("150/4/0.1/5/count:poisson/cap3/hardw2/pos3").experiment())
                .isEqualTo(new RiskBoosterExperiment("count:poisson", 2, 3, 1, false, 0, 0, false, false, 3,
                        false, false, 0));
        assertThat(RiskRollingBacktest.Setting.parse("150/4/0.1/5/refit/linear0.3").experiment()).isNull();
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/rank:lambda"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/bag0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void monotone_constraints_rise_with_shortages_fall_with_silence_and_leave_other_columns_free() {
        RiskBoosterExperiment e = RiskRollingBacktest.Setting.parse("150/4/0.1/5/mono/rates").experiment();
        assertThat(e.monotone()).isTrue();
        assertThat(e.constraints(List.of("shortages_90", "days_since_shortage", "month"))).isEqualTo("(1,-1,0,0,0,0)");
    }

    @Test
    void the_oracle_splits_keys_into_fixed_folds_and_refuses_a_single_fold() {
        RiskBoosterExperiment e = RiskRollingBacktest.Setting.parse("150/4/0.1/5/oracle5").experiment();
        assertThat(e.oracle()).isEqualTo(5);
        assertThat(e.fold("AMOXICILLIN")).isEqualTo(e.fold("AMOXICILLIN")).isBetween(0, 4);
        assertThat(java.util.stream.IntStream.range(0, 200).map(i -> e.fold("K" + i)).distinct().count())
                .isEqualTo(5);
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/oracle1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void query_groups_are_the_runs_of_one_origin_and_decay_halves_the_weight_every_half_life() {
        LocalDate a = LocalDate.of(2020, 1, 1);
        LocalDate b = LocalDate.of(2020, 2, 1);
        List<RiskRow> rows = List.of(row(a, 0, false), row(a, 0, true), row(b, 0, false), row(b, 0, false),
                row(b, 0, true), row(a, 0, false));
        assertThat(RiskBoosterExperiment.groups(rows)).containsExactly(2, 3, 1);
        RiskBoosterExperiment decay = RiskBoosterExperiment.with(null, "decay12");
        assertThat(decay.decay(LocalDate.of(2019, 1, 1), a)).isEqualTo(0.5, offset(1e-12));
        assertThat(decay.decay(a, a)).isEqualTo(1.0);
        assertThat(RiskBoosterExperiment.NONE.decay(LocalDate.of(2010, 1, 1), a)).isEqualTo(1.0);
    }

    @Test
    void a_comparison_refuses_a_horizon_whose_rows_the_panel_does_not_hold() {
        assertThatThrownBy(() -> RiskRollingBacktest.compare(null, List.of(), List.of(LocalDate.of(2021, 1, 1)), 60,
                1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30 or 90");
    }

    @Test
    void every_objective_ranks_a_signal_it_was_trained_on_and_returns_probabilities() {
        Random random = new Random(3);
        List<RiskRow> training = new ArrayList<>();
        List<RiskRow> calibration = new ArrayList<>();
        List<RiskRow> test = new ArrayList<>();
        for (int m = 0; m < 40; m++) {
            LocalDate origin = LocalDate.of(2019, 1, 1).plusMonths(m);
            for (int k = 0; k < 60; k++) {
                double x = random.nextGaussian();
                RiskRow r = row(origin, x, random.nextDouble() < 1 / (1 + Math.exp(-(3 * x - 1))));
                (m < 25 ? training : m < 35 ? calibration : test).add(r);
            }
        }
        for (String setting : List.of("own", "rank:pairwise", "rank:map", "count:poisson/cap2", "reg:tweedie",
                "hardw2/pos2/bag2", "decay6/count0.2", "loglin/linrefit",
                "mono/countstart")) {
            RiskBoosterExperiment e = RiskRollingBacktest.Setting.parse("20/3/0.3/1/linear0.2/" + setting)
                    .experiment();
            double[] p = e.fit(training, flags(training.size()), counts(training), calibration,
                    flags(calibration.size()), counts(calibration), test, COLUMNS, 20, 3, 0.3, 1, 0.2, 90,
                    LocalDate.of(2020, 9, 1), LocalDate.of(2021, 6, 1), 1);
            boolean[] labels = new boolean[test.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = test.get(i).label();
            }
            assertThat(java.util.Arrays.stream(p).allMatch(v -> v > 0 && v < 1)).as(setting).isTrue();
            assertThat(ClassificationMetrics.summarise(setting, labels, p).rocAuc()).as(setting).isGreaterThan(0.75);
        }
    }

    private static RiskRow row(LocalDate origin, double x, boolean label) {
        double[] f = new double[RiskFeatures.NAMES.size()];
        f[RiskFeatures.NAMES.indexOf("shortages_total")] = Math.exp(x);
        f[RiskFeatures.NAMES.indexOf("reports_recency_weighted")] = Math.exp(x);
        f[RiskFeatures.NAMES.indexOf("days_since_shortage")] = Double.NaN;
        return new RiskRow("K", origin, f, label);
    }

    private static boolean[] flags(int n) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i += 2) {
            out[i] = true;
        }
        return out;
    }

    private static int[] counts(List<RiskRow> rows) {
        return rows.stream().mapToInt(r -> r.label() ? 1 + r.origin().getMonthValue() % 3 : 0).toArray();
    }
}
