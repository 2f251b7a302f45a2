package org.stockbridge.forecasting.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsUnitTests {

    @Test
    void a_perfect_forecast_has_no_error_and_an_interval_around_it_covers() {
        DemandAccuracy accuracy = new DemandAccuracy();
        accuracy.add("m", 7, "s", 2, 4, 10, 10, 8, 9, 10, 11, 12);
        DemandAccuracy.Summary s = accuracy.summary("m", 7);
        assertThat(s.rmsse()).isZero();
        assertThat(s.mase()).isZero();
        assertThat(s.coverage90()).isEqualTo(1.0);
        assertThat(s.width90()).isEqualTo(4.0 / 2);
    }

    @Test
    void errors_are_scaled_by_the_series_naive_error() {
        DemandAccuracy accuracy = new DemandAccuracy();
        accuracy.add("m", 7, "a", 1, 1, 12, 10, 0, 0, 10, 20, 20);
        accuracy.add("m", 7, "b", 10, 100, 120, 100, 0, 0, 100, 200, 200);
        DemandAccuracy.Summary s = accuracy.summary("m", 7);
        assertThat(s.rmsse()).isCloseTo((2.0 + 2.0) / 2, within(1e-12));
        assertThat(s.mase()).isCloseTo((2.0 + 2.0) / 2, within(1e-12));
        assertThat(s.pinball90()).isCloseTo((0.1 * 8 / 1 + 0.1 * 80 / 10) / 2, within(1e-12));
    }

    @Test
    void the_naive_scale_is_the_mean_one_step_difference() {
        assertThat(DemandAccuracy.naiveScale(new double[] {1, 3, 0, 4}, 3)).containsExactly(3.0, 29.0 / 3);
    }

    @Test
    void perfectly_ranked_scores_have_auc_one_and_a_constant_has_one_half() {
        boolean[] labels = {false, false, true, true};
        ClassificationMetrics.Summary ranked = ClassificationMetrics.summarise("r", labels,
                new double[] {0.1, 0.2, 0.8, 0.9});
        ClassificationMetrics.Summary constant = ClassificationMetrics.summarise("c", labels,
                new double[] {0.5, 0.5, 0.5, 0.5});
        assertThat(ranked.rocAuc()).isEqualTo(1.0);
        assertThat(ranked.prAuc()).isEqualTo(1.0);
        assertThat(ranked.recallAtPrecision50()).isEqualTo(1.0);
        assertThat(constant.rocAuc()).isEqualTo(0.5);
        assertThat(constant.brier()).isEqualTo(0.25);
    }

    @Test
    void the_calibration_table_puts_each_score_in_its_bin() {
        var bins = ClassificationMetrics.calibration(new boolean[] {false, true, true, false},
                new double[] {0.05, 0.95, 0.92, 0.15}, 10);
        assertThat(bins).hasSize(3);
        assertThat(bins.get(2).count()).isEqualTo(2);
        assertThat(bins.get(2).observedRate()).isEqualTo(1.0);
    }
}
