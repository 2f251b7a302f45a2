package org.stockbridge.batch.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.stockbridge.batch.risk.RiskFiles;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskRow;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.testing.DatabaseTest;

/** The forecast job keeps every ingredient's shortage risk as its risk model scores it, for the alerts on risk. */
@DatabaseTest
class RiskScoreStoreIntegrationTests {

    @Test
    void everyIngredientTheModelScoresIsKeptOnceWithItsAtcCodeAndProbability(DatabaseEndpoint endpoint) {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(endpoint.jdbcUrl(), endpoint.username(),
                endpoint.password()));
        RiskSources sources = RiskFiles.read(Path.of("../data/real"));
        List<RiskRow> training = RiskTrainer.rows(sources, List.of(LocalDate.of(2019, 1, 1),
                LocalDate.of(2020, 1, 1)), 90, LocalDate.of(2021, 6, 1));
        List<RiskRow> calibration = RiskTrainer.rows(sources, List.of(LocalDate.of(2022, 1, 1)), 90,
                LocalDate.of(2022, 6, 1));
        RiskModel model = RiskTrainer.xgboost(3, 1, 20, 3, 0.1).train(training, calibration, 90,
                LocalDate.of(2021, 4, 1), LocalDate.of(2022, 4, 1));
        long modelId = jdbc.queryForObject("""
                INSERT INTO forecast_model (kind, name, version, horizon_days, training_to, as_of, training_rows,
                    calibration_rows, provenance, summary, parameters, model)
                VALUES ('RISK', 'risk-test', 1, 90, DATE '2022-04-01', DATE '2023-01-01', 1, 1, 'tests', 'tests', '{}',
                        '\\x00'::bytea) RETURNING id""", Long.class);
        LocalDate asOf = LocalDate.of(2023, 1, 1);
        int expected = RiskTrainer.rows(sources, List.of(asOf), 90, asOf).size();

        int stored = ForecastJobConfiguration.storeRiskScores(jdbc, modelId, sources, model, asOf);
        int again = ForecastJobConfiguration.storeRiskScores(jdbc, modelId, sources, model, asOf);

        assertThat(stored).isEqualTo(expected).isPositive();
        assertThat(again).isEqualTo(stored);
        Map<String, Object> summary = jdbc.queryForMap("""
                SELECT count(*) AS n, count(DISTINCT ingredient) AS ingredients, count(atc_code) AS with_atc,
                       min(probability) AS low, max(probability) AS high, bool_and(horizon_days = 90) AS horizon,
                       bool_and(as_of = DATE '2023-01-01') AS day
                  FROM shortage_risk_score WHERE model_id = ?""", modelId);
        assertThat(((Number) summary.get("n")).intValue()).isEqualTo(expected);
        assertThat(((Number) summary.get("ingredients")).intValue()).isEqualTo(expected);
        assertThat(((Number) summary.get("with_atc")).intValue()).isPositive();
        assertThat(((Number) summary.get("low")).doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(((Number) summary.get("high")).doubleValue()).isLessThanOrEqualTo(1.0)
                .isGreaterThan(((Number) summary.get("low")).doubleValue());
        assertThat(summary).containsEntry("horizon", true).containsEntry("day", true);
    }
}
