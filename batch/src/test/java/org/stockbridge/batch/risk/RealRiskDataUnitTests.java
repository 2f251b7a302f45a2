package org.stockbridge.batch.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stockbridge.forecasting.metrics.ClassificationMetrics;
import org.stockbridge.forecasting.registry.ModelCodec;
import org.stockbridge.forecasting.risk.FiledReport;
import org.stockbridge.forecasting.risk.RiskFeatures;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskRow;
import org.stockbridge.forecasting.risk.RiskScore;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;

/** The risk pipeline on the real files, trained small (a few origins, few trees) to stay fast. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealRiskDataUnitTests {

    static final Path DATA = Path.of("../data/real");
    private RiskSources sources;
    private RiskModel model;
    private List<RiskRow> test;
    private List<RiskRow> training;
    private List<RiskRow> calibration;

    @BeforeAll
    void train() {
        sources = RiskFiles.read(DATA);
        List<LocalDate> trainOrigins = List.of(LocalDate.of(2019, 1, 1), LocalDate.of(2020, 1, 1),
                LocalDate.of(2021, 1, 1));
        training = RiskTrainer.rows(sources, trainOrigins, 90, LocalDate.of(2021, 6, 1));
        calibration = RiskTrainer.rows(sources, List.of(LocalDate.of(2022, 1, 1)), 90,
                LocalDate.of(2022, 6, 1));
        test = RiskTrainer.rows(sources, List.of(LocalDate.of(2023, 1, 1)), 90, LocalDate.of(2023, 6, 1));
        model = RiskTrainer.xgboost(3, 1, 40, 3, 0.1).train(training, calibration, 90, LocalDate.of(2021, 4, 1),
                LocalDate.of(2022, 4, 1));
    }

    @Test
    void the_history_is_read_with_filing_dates_and_sentinel_dates_dropped() {
        assertThat(sources.reports()).hasSizeGreaterThan(24_000);
        assertThat(sources.firstFiled()).isEqualTo(LocalDate.of(2017, 3, 10));
        assertThat(sources.lastFiled()).isEqualTo(LocalDate.of(2024, 12, 24));
        assertThat(sources.reports()).allMatch(r -> r.ended() == null || r.ended().getYear() >= 1900);
    }

    @Test
    void the_model_ranks_the_next_year_s_new_reports_far_better_than_chance() {
        boolean[] labels = new boolean[test.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = test.get(i).label();
        }
        ClassificationMetrics.Summary s = ClassificationMetrics.summarise("m", labels, model.probabilities(test));
        assertThat(s.rocAuc()).isGreaterThan(0.85);
        assertThat(s.prAuc()).isGreaterThan(3 * s.positives() / (double) s.rows());
    }

    @Test
    void a_refitted_model_learns_from_the_calibration_year_too_and_keeps_the_first_model_s_calibration() {
        RiskModel refitted = RiskTrainer.xgboost(3, 1, 40, 3, 0.1).refitted().train(training, calibration, 90,
                LocalDate.of(2021, 4, 1), LocalDate.of(2022, 4, 1));

        assertThat(refitted.trainingRows()).isEqualTo(training.size() + calibration.size());
        assertThat(refitted.trainingTo()).isEqualTo(LocalDate.of(2022, 4, 1));
        assertThat(refitted.plattSlope()).isEqualTo(model.plattSlope());
        assertThat(refitted.probabilities(test)).isNotEqualTo(model.probabilities(test));
        boolean[] labels = new boolean[test.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = test.get(i).label();
        }
        assertThat(ClassificationMetrics.summarise("r", labels, refitted.probabilities(test)).rocAuc())
                .isGreaterThan(0.85);
    }

    @Test
    void a_blended_model_s_probability_is_the_weighted_mean_of_the_trees_and_the_logistic_regression() {
        RiskModel blended = RiskTrainer.xgboost(3, 1, 40, 3, 0.1).blendedWithLinear(0.3).train(training, calibration,
                90, LocalDate.of(2021, 4, 1), LocalDate.of(2022, 4, 1));
        RiskModel linear = RiskTrainer.logistic().train(training, calibration, 90, LocalDate.of(2021, 4, 1),
                LocalDate.of(2022, 4, 1));

        assertThat(blended.companion()).isNotNull();
        assertThat(blended.companion().linear()).isTrue();
        assertThat(blended.companionWeight()).isEqualTo(0.3);
        double[] trees = model.probabilities(test);
        double[] regression = linear.probabilities(test);
        double[] mean = blended.probabilities(test);
        for (int i = 0; i < test.size(); i++) {
            assertThat(mean[i]).isCloseTo(0.7 * trees[i] + 0.3 * regression[i], within(1e-12));
        }
        assertThat(blended.metrics().get("calibration_roc_auc")).isNotEqualTo(model.metrics()
                .get("calibration_roc_auc"));
    }

    @Test
    void the_served_trainer_refits_the_trees_and_blends_in_the_logistic_regression() {
        RiskTrainer served = RiskTrainer.served(3, 1);

        assertThat(served.name()).isEqualTo(RiskTrainer.XGBOOST);
        assertThat(served.refits()).isTrue();
        assertThat(served.linearWeight()).isEqualTo(RiskTrainer.LINEAR_WEIGHT);
        RiskTrainer smaller = RiskTrainer.xgboost(3, 1, 40, 3, 0.1).asServed();
        assertThat(smaller.refits()).isTrue();
        assertThat(smaller.linearWeight()).isEqualTo(RiskTrainer.LINEAR_WEIGHT);
    }

    @Test
    void a_blended_model_stored_in_the_registry_reloads_with_its_companion_and_the_same_probabilities() {
        RiskModel blended = RiskTrainer.xgboost(3, 1, 40, 3, 0.1).blendedWithLinear(0.3).train(training, calibration,
                90, LocalDate.of(2021, 4, 1), LocalDate.of(2022, 4, 1));

        org.stockbridge.forecasting.registry.ModelArtifact artifact = ModelCodec.risk(blended);
        RiskModel reloaded = ModelCodec.riskModel(artifact);

        assertThat(artifact.summary()).contains("blended with " + RiskTrainer.LOGISTIC).contains("at 0.3");
        assertThat(reloaded.companionWeight()).isEqualTo(0.3);
        assertThat(reloaded.companion().name()).isEqualTo(RiskTrainer.LOGISTIC);
        assertThat(reloaded.companion().trainingTo()).isEqualTo(blended.companion().trainingTo());
        assertThat(reloaded.companion().trainingRows()).isEqualTo(training.size());
        assertThat(reloaded.companion().metrics()).isEqualTo(blended.companion().metrics());
        assertThat(reloaded.probabilities(test.subList(0, 50)))
                .containsExactly(blended.probabilities(test.subList(0, 50)));
        assertThat(reloaded.score(sources, test.subList(0, 5), 3)).isEqualTo(blended.score(sources,
                test.subList(0, 5), 3));
    }

    @Test
    void a_model_is_blended_once_and_only_with_a_model_of_its_own_horizon() {
        RiskModel linear = RiskTrainer.logistic().train(training, calibration, 90, LocalDate.of(2021, 4, 1),
                LocalDate.of(2022, 4, 1));
        RiskModel otherHorizon = RiskTrainer.logistic().train(training, calibration, 30, LocalDate.of(2021, 4, 1),
                LocalDate.of(2022, 4, 1));
        RiskModel blended = model.blendedWith(linear, 0.3);

        assertThatIllegalArgumentException().isThrownBy(() -> blended.blendedWith(linear, 0.3));
        assertThatIllegalArgumentException().isThrownBy(() -> model.blendedWith(otherHorizon, 0.3));
        assertThatIllegalArgumentException().isThrownBy(() -> model.blendedWith(linear, 1.0));
        assertThat(blended.probabilities(test.subList(0, 20))).isNotEqualTo(model.probabilities(test.subList(0, 20)));
    }

    @Test
    void only_the_trees_are_blended_and_only_with_a_share_between_nothing_and_everything() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RiskTrainer.logistic().blendedWithLinear(0.3));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RiskTrainer.xgboost(3, 1).blendedWithLinear(0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RiskTrainer.xgboost(3, 1).blendedWithLinear(1));
    }

    @Test
    void a_score_names_the_features_that_drove_it() {
        RiskRow busiest = test.stream().max((a, b) -> Double.compare(a.features()[1], b.features()[1]))
                .orElseThrow();
        RiskScore score = model.score(sources, List.of(busiest), 3).get(0);
        assertThat(score.drivers()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(score.drivers().get(0).effect()).isNotZero();
        assertThat(score.probability()).isBetween(0.0, 1.0);
    }

    @Test
    void a_risk_model_stored_in_the_registry_reloads_with_the_same_probabilities() {
        RiskModel reloaded = ModelCodec.riskModel(ModelCodec.risk(model));
        assertThat(reloaded.probabilities(test.subList(0, 50))).containsExactly(model.probabilities(test.subList(0,
                50)));
    }

    @Test
    void every_feature_at_an_origin_is_the_same_from_the_full_files_and_from_the_files_cut_at_the_origin() {
        LocalDate origin = LocalDate.of(2022, 6, 1);
        RiskSources cut = new RiskSources(sources.reports().stream().filter(r -> r.filed().isBefore(origin))
                .map(r -> r.asKnownBefore(origin)).toList(), 0, sources.marketed(), sources.fda().postedBefore(origin),
                "cut");

        assertThat(cut.universe(origin)).isEqualTo(sources.universe(origin)).hasSizeGreaterThan(1000);
        double fullBusy = RiskFeatures.allReports90(sources, origin);
        double cutBusy = RiskFeatures.allReports90(cut, origin);
        for (String key : sources.universe(origin)) {
            assertThat(RiskFeatures.compute(cut, key, origin, cutBusy)).as(key)
                    .containsExactly(RiskFeatures.compute(sources, key, origin, fullBusy));
        }
    }

    @Test
    void a_shortage_report_and_its_din_s_dpd_product_name_the_same_active_moiety() {
        FiledReport rosuvastatin = sources.reports().stream().filter(r -> r.ingredient().equals("ROSUVASTATIN"))
                .filter(r -> sources.marketed().keyOfDin(r.din()) != null).findFirst().orElseThrow();
        assertThat(sources.marketed().keyOfDin(rosuvastatin.din())).isEqualTo("ROSUVASTATIN");
        assertThat(sources.marketed().marketedDins("ABACAVIR", LocalDate.of(2022, 6, 1))).isPositive();
        long differing = sources.reports().stream().filter(r -> sources.marketed().keyOfDin(r.din()) != null
                && !sources.marketed().keyOfDin(r.din()).equals(r.ingredient())).count();
        assertThat(differing).isLessThan(600);
    }

    @Test
    void the_command_line_refuses_a_missing_as_of_date_with_a_message_and_exit_code_2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RiskScoresCli.run(new String[] {"--data", DATA.toString()}, new PrintStream(
                new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--as-of YYYY-MM-DD is required");
    }

    @Test
    void the_command_line_refuses_an_as_of_date_outside_the_history() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RiskScoresCli.run(new String[] {"--as-of", "2030-01-01", "--data", DATA.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--as-of must be between");
    }
}
