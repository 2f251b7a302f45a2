package org.stockbridge.forecasting.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stockbridge.forecasting.risk.RiskFeatures;
import org.stockbridge.forecasting.risk.RiskRow;

class RiskRollingBacktestUnitTests {

    @Test
    void the_origins_are_every_month_from_2022_01_to_2024_09() {
        List<LocalDate> origins = RiskRollingBacktest.origins();
        assertThat(origins).hasSize(33).startsWith(LocalDate.of(2022, 1, 1)).endsWith(LocalDate.of(2024, 9, 1));
    }

    @Test
    void every_ablation_names_real_columns_and_differs_from_the_model() {
        List<RiskRollingBacktest.Variant> variants = RiskRollingBacktest.variants();
        assertThat(variants.get(0).name()).isEqualTo(RiskRollingBacktest.MODEL);
        for (RiskRollingBacktest.Variant v : variants) {
            assertThat(v.columns()).allMatch(c -> RiskFeatures.NAMES.contains(c) || RiskFeatures.LEAKY.contains(c));
            if (v != variants.get(0)) {
                assertThat(v.columns()).as(v.name()).isNotEqualTo(variants.get(0).columns());
            }
        }
        assertThat(RiskRollingBacktest.variants().get(0).columns()).doesNotContainAnyElementsOf(RiskFeatures.LEAKY);
    }

    @Test
    void a_tuning_setting_reads_trees_depth_eta_and_leaf_weight_with_an_optional_hard_population_flag() {
        RiskRollingBacktest.Setting hard = RiskRollingBacktest.Setting.parse("300/3/0.05/20/hard");
        assertThat(hard).isEqualTo(new RiskRollingBacktest.Setting("300/3/0.05/20/hard", 300, 3, 0.05, 20, true,
                RiskFeatures.MODEL));
        assertThat(RiskRollingBacktest.Setting.parse("150/4/0.1/5").hardOnly()).isFalse();
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trees/depth/eta");
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/easy"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("many/4/0.1/5"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_tuning_setting_adds_and_removes_columns_and_may_refit_on_the_calibration_year() {
        RiskRollingBacktest.Setting s =
                RiskRollingBacktest.Setting.parse("150/4/0.1/5/refit/+reports_recency_30-month");
        assertThat(s.refit()).isTrue();
        assertThat(s.hardOnly()).isFalse();
        assertThat(s.columns()).contains("reports_recency_30").doesNotContain("month")
                .hasSize(RiskFeatures.MODEL.size());
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/+no_such_column"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_such_column");
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/+month junk"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_tuning_setting_may_blend_in_a_logistic_regression_at_a_share_between_nothing_and_everything() {
        RiskRollingBacktest.Setting s =
                RiskRollingBacktest.Setting.parse("150/4/0.1/5/hard/refit/linear0.3/+reports_recency_30");
        assertThat(s.linearWeight()).isEqualTo(0.3);
        assertThat(s.refit()).isTrue();
        assertThat(s.hardOnly()).isTrue();
        assertThat(s.columns()).contains("reports_recency_30");
        assertThat(RiskRollingBacktest.Setting.parse("150/4/0.1/5/refit").linearWeight()).isZero();
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/linear0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/linear1.5"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RiskRollingBacktest.Setting.parse("150/4/0.1/5/linear"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_bootstrap_interval_brackets_the_mean_and_narrows_with_agreeing_origins() {
        double[] spread = {0.80, 0.86, 0.83, 0.90, 0.78, 0.85, 0.88, 0.81};
        RiskRollingBacktest.Spread wide = RiskRollingBacktest.spread(spread, 3, 1);
        assertThat(wide.low()).isLessThanOrEqualTo(wide.mean());
        assertThat(wide.high()).isGreaterThanOrEqualTo(wide.mean());
        RiskRollingBacktest.Spread flat = RiskRollingBacktest.spread(new double[] {0.84, 0.84, 0.84, 0.84}, 3, 1);
        assertThat(flat.low()).isEqualTo(0.84, offset(1e-12));
        assertThat(flat.high() - flat.low()).isLessThan(wide.high() - wide.low());
    }

    @Test
    void platt_scaling_recovers_the_line_that_generated_the_labels() {
        Random random = new Random(7);
        List<RiskRow> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double x = random.nextGaussian();
            double p = 1 / (1 + Math.exp(-(1.5 * x - 2)));
            rows.add(new RiskRow("K", LocalDate.of(2022, 1, 1), new double[] {x}, random.nextDouble() < p));
        }
        double[] platt = RiskRollingBacktest.Platt.fit(rows, r -> r.features()[0]);
        assertThat(platt[0]).isCloseTo(1.5, offset(0.1));
        assertThat(platt[1]).isCloseTo(-2, offset(0.1));
    }

    @Test
    void the_risk_section_replaces_its_old_self_and_nothing_else() {
        String report = "# Report\n\nbefore\n\n" + RiskRollingReport.BEGIN + "\nold\n" + RiskRollingReport.END
                + "\n\nafter\n";
        String section = RiskRollingReport.BEGIN + "\nnew\n" + RiskRollingReport.END + "\n";

        String spliced = RiskRollingReport.splice(report, section);

        assertThat(spliced).isEqualTo("# Report\n\nbefore\n\n" + section + "\nafter\n");
        assertThat(RiskRollingReport.splice("# Report\n", section)).isEqualTo("# Report\n\n" + section);
    }

    @Test
    void every_nth_origin_is_written_as_an_english_ordinal() {
        assertThat(List.of(1, 2, 3, 4, 6, 11, 12, 13, 21, 22, 33, 111).stream().map(RiskRollingReport::ordinal))
                .containsExactly("1st", "2nd", "3rd", "4th", "6th", "11th", "12th", "13th", "21st", "22nd", "33rd",
                        "111th");
    }

    @Test
    void cold_positives_ranked_first_or_last_bound_the_pr_auc_of_the_scores_as_they_are() {
        int since = RiskFeatures.NAMES.indexOf("days_since_report");
        List<RiskRow> rows = new ArrayList<>();
        double[] model = new double[8];
        double[] recency = new double[8];
        // days since the key's last report, label, model score: two cold positives (400 and 900 days) scored low.
        double[][] spec = {{10, 1, 0.9}, {20, 0, 0.65}, {400, 1, 0.1}, {30, 1, 0.7}, {900, 1, 0.3}, {40, 0, 0.6},
            {500, 0, 0.05}, {60, 0, 0.5}};
        for (int i = 0; i < spec.length; i++) {
            double[] f = new double[RiskFeatures.NAMES.size()];
            f[since] = spec[i][0];
            rows.add(new RiskRow("K" + i, LocalDate.of(2023, 1, 1), f, spec[i][1] == 1));
            model[i] = spec[i][2];
            recency[i] = 1 - spec[i][0] / 1000;
        }
        boolean[] hard = {true, true, true, true, true, true, true, false};

        ColdPositives c = ColdPositives.of(rows, hard, model, recency);

        assertThat(c.rows()).isEqualTo(7);
        assertThat(c.positives()).isEqualTo(4);
        assertThat(c.coldKeys()).isEqualTo(3);
        assertThat(c.coldPositives()).isEqualTo(2);
        assertThat(c.coldShare()).isEqualTo(0.5);
        assertThat(c.modelPrColdFirst()).isEqualTo(1.0, offset(1e-12));
        assertThat(c.modelPrColdFirst()).isGreaterThan(c.modelPr());
        assertThat(c.modelPr()).isGreaterThanOrEqualTo(c.modelPrColdLast());
        assertThat(c.recencyPrColdFirst()).isGreaterThan(c.recencyPrColdLast());
        assertThat(c.modelPrWarm()).isEqualTo(1.0, offset(1e-12));
        assertThatThrownBy(() -> ColdPositives.of(rows, new boolean[3], model, recency))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_dpd_owner_is_the_reporting_company_when_only_case_punctuation_or_legal_suffixes_differ() {
        assertThat(RiskRollingReport.sameCompany("PFIZER CANADA ULC", "Pfizer Canada Inc.")).isTrue();
        assertThat(RiskRollingReport.sameCompany("TEVA CANADA LIMITED", "TEVA CANADA LTD")).isTrue();
        assertThat(RiskRollingReport.sameCompany("ORGANON CANADA INC.", "MERCK CANADA INC")).isFalse();
        assertThat(RiskRollingReport.sameCompany("SUN PHARMA CANADA INC", "RANBAXY PHARMACEUTICALS CANADA INC."))
                .isFalse();
    }

    @Test
    void the_served_columns_leave_out_every_column_built_on_the_dpd_s_current_company_names() {
        assertThat(RiskFeatures.MODEL).doesNotContainAnyElementsOf(RiskFeatures.CURRENT_COMPANY_NAMES);
        assertThat(RiskFeatures.NAMES).containsAll(RiskFeatures.CURRENT_COMPANY_NAMES);
        assertThat(RiskRollingBacktest.variants()).anyMatch(v -> v.name().startsWith("with the DPD's company names")
                && v.columns().containsAll(RiskFeatures.CURRENT_COMPANY_NAMES));
    }

    @Test
    void the_ablations_may_be_skipped_but_no_step_may_be_negative_nor_the_30_day_step_zero() {
        new RiskRollingBacktest(1, 10, 2, 0.1, 5, 0, 1);
        assertThatThrownBy(() -> new RiskRollingBacktest(1, 10, 2, 0.1, 5, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ablation step");
        assertThatThrownBy(() -> new RiskRollingBacktest(1, 10, 2, 0.1, 5, 6, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30-day step");
    }
}
