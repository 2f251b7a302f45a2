package org.stockbridge.api.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.stockbridge.api.ApiIntegrationTest;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.batch.forecast.ModelRegistry;
import org.stockbridge.batch.risk.RiskFiles;
import org.stockbridge.forecasting.registry.ModelCodec;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskRow;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The forecast job and endpoints on a small demo stock (300 days, three dispensing sites, one drug group) loaded at
 * start from the real reference files. The job is run once with a planned failure in the middle of its scoring step
 * (a trigger refuses the scores of one site), then restarted.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {
    "stockbridge.reference.load-on-start=true", "stockbridge.demo.enabled=true", "stockbridge.demo.days=300",
    "stockbridge.demo.end-date=2026-06-30", "stockbridge.demo.dispensing-sites=3", "stockbridge.demo.drug-groups=1",
    "stockbridge.forecast.train-on-start=false", "stockbridge.forecast.risk-models=false",
    "stockbridge.forecast.trees=30", "stockbridge.forecast.schedule=-",
    "stockbridge.forecast.max-training-rows=" + ForecastApiIntegrationTests.TRAINING_CAP,
    "stockbridge.forecast.max-calibration-rows=" + ForecastApiIntegrationTests.CALIBRATION_CAP})
@AutoConfigureWebTestClient(timeout = "PT120S")
class ForecastApiIntegrationTests {

    /** Caps on the windows that bite on this small demo, so the job trains on a sample. */
    static final int TRAINING_CAP = 2_000;
    static final int CALIBRATION_CAP = 1_500;

    static final LocalDate END = LocalDate.of(2026, 6, 30);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ForecastJobRunner runner;

    @Autowired
    ForecastMeters forecastMeters;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Scheduler forecastScheduler;

    @Autowired
    ModelRegistry registry;

    private JobExecution failed;
    private long scoresAfterFailure;
    private JobExecution restarted;
    private long pairs;

    @BeforeAll
    void runTheJobWithAPlannedFailureThenRestartIt() {
        pairs = jdbc.queryForObject("SELECT count(*) FROM (SELECT DISTINCT site_id, product_id FROM movement) p",
                Long.class);
        jdbc.execute("""
                CREATE FUNCTION refuse_ontario_scores() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.site_id = (SELECT id FROM site WHERE code = 'NESS-ON') THEN
                    RAISE EXCEPTION 'planned failure';
                  END IF;
                  RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER refuse_ontario BEFORE INSERT ON forecast_score FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_ontario_scores()");
        failed = Mono.fromCallable(runner::run).subscribeOn(forecastScheduler).block();
        scoresAfterFailure = jdbc.queryForObject("SELECT count(*) FROM forecast_score", Long.class);
        jdbc.execute("DROP TRIGGER refuse_ontario ON forecast_score");
        restarted = Mono.fromCallable(runner::run).subscribeOn(forecastScheduler).block();
        registerASmallRiskModel();
    }

    /** A 90-day risk model trained small on the real files (three origins, few trees), as the job would register. */
    private void registerASmallRiskModel() {
        RiskSources sources = RiskFiles.read(Path.of("../data/real"));
        List<RiskRow> training = RiskTrainer.rows(sources, List.of(LocalDate.of(2019, 1, 1), LocalDate.of(2020, 1, 1),
                LocalDate.of(2021, 1, 1)), 90, LocalDate.of(2021, 6, 1));
        List<RiskRow> calibration = RiskTrainer.rows(sources, List.of(LocalDate.of(2022, 1, 1)), 90,
                LocalDate.of(2022, 6, 1));
        RiskModel model = RiskTrainer.xgboost(3, 1, 40, 3, 0.1).train(training, calibration, 90,
                LocalDate.of(2021, 4, 1), LocalDate.of(2022, 4, 1));
        registry.save(ModelCodec.risk(model), null, "{}");
    }

    @Test
    void a_failed_run_keeps_the_chunks_it_committed_and_its_restart_scores_the_rest_without_retraining() {
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(scoresAfterFailure).isPositive().isLessThan(pairs * 3);
        assertThat(scoresAfterFailure % (50 * 3)).isZero();
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM forecast_score", Long.class)).isEqualTo(pairs * 3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM forecast_model WHERE kind = 'DEMAND'", Long.class))
                .isEqualTo(1);
        // the operator's view of the same two runs, and of the model the restart left
        assertThat(meters.get("stockbridge.forecast.job").tag("status", "failed").timer().count()).isEqualTo(1);
        assertThat(meters.get("stockbridge.forecast.job").tag("status", "completed").timer().count()).isEqualTo(1);
        forecastMeters.refreshed().block();
        assertThat(meters.get("stockbridge.forecast.model.age").gauge().value()).isNotNaN().isBetween(0.0, 86400.0);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM forecast_score WHERE demand_p10 > demand_p90",
                Long.class)).isZero();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Forecast(String site, String product, LocalDate asOf, int horizonDays, Demand demand, long usable,
                    Projection projection, Map<String, Object> model, double supplyRisk,
                    Freshness supplyRiskFreshness) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Freshness(String statement, List<SourceFreshness> sources) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SourceFreshness(String source, String name, String country, boolean live, LocalDate reportsUpTo,
                           LocalDate updatedUpTo, LocalDate snapshotOf, long reports, String statement) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Demand(double expected, double p10, double p50, double p90) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Projection(double stockoutProbability, double shortfall, List<Map<String, Object>> path) {
    }

    private Forecast forecast(String query) {
        return web.get().uri("/api/v1/sites/SNS-R01/products/PPE-n95/forecast" + query).exchange()
                .expectStatus().isOk().expectBody(Forecast.class).returnResult().getResponseBody();
    }

    @Test
    void a_forecast_names_its_registered_model_and_carries_ordered_quantiles_and_a_projection() {
        Forecast f = forecast("?horizon=28");
        assertThat(f.asOf()).isEqualTo(END);
        assertThat(f.horizonDays()).isEqualTo(28);
        assertThat(f.demand().p10()).isLessThanOrEqualTo(f.demand().p50());
        assertThat(f.demand().p50()).isLessThanOrEqualTo(f.demand().p90());
        assertThat(f.projection().path()).hasSize(28);
        assertThat(f.model()).containsEntry("source", "registry").containsEntry("version", 1)
                .containsEntry("name", "demand-xgboost-tweedie");
        assertThat((String) f.model().get("provenance")).contains("XGBoostRegressionTrainer");
    }

    @Test
    void a_what_if_recomputes_without_storing_anything() {
        long scores = jdbc.queryForObject("SELECT count(*) FROM forecast_score", Long.class);
        Forecast base = forecast("?horizon=90");
        Forecast surge = forecast("?horizon=90&demandMultiplier=4&leadTimeDelayDays=30");
        assertThat(surge.demand().p90()).isCloseTo(base.demand().p90() * 4, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(surge.projection().stockoutProbability()).isGreaterThanOrEqualTo(base.projection()
                .stockoutProbability());
        assertThat(surge.projection().shortfall()).isGreaterThanOrEqualTo(base.projection().shortfall());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM forecast_score", Long.class)).isEqualTo(scores);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM forecast_model", Long.class)).isEqualTo(2);
    }

    @Test
    void a_forecast_as_of_an_earlier_day_uses_only_what_was_known_then() {
        Forecast past = forecast("?horizon=7&asOf=2026-05-31");
        assertThat(past.asOf()).isEqualTo(LocalDate.of(2026, 5, 31));
        assertThat(past.model()).containsEntry("source", "trained-on-request").containsEntry("dataUpTo", "2026-05-31");
        // a later day is capped to the newest ledger day, and the answer's asOf says so
        assertThat(forecast("?horizon=7&asOf=2030-01-01").asOf()).isEqualTo(END);
        assertThat(forecast("?horizon=7&asOf=2199-12-31").asOf()).isEqualTo(END);
    }

    @Test
    void an_as_of_that_is_not_a_plain_date_is_refused_naming_as_of() {
        for (String path : List.of("/api/v1/sites/SNS-R01/products/PPE-n95/forecast", "/api/v1/forecasts/shortfalls",
                "/api/v1/risk/ingredients")) {
            for (String asOf : List.of("2026-06-07T23:59:59-12:00", "2026-06-07T00:00:00Z", "2026-06-07Z",
                    "2026-06-07x")) {
                web.get().uri(b -> b.path(path).queryParam("asOf", "{asOf}").build(asOf)).exchange()
                        .expectStatus().isBadRequest()
                        .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                        .jsonPath("$.parameter").isEqualTo("asOf");
            }
        }
    }

    @Test
    void bad_parameters_are_problem_details_naming_the_parameter() {
        web.get().uri("/api/v1/sites/SNS-R01/products/PPE-n95/forecast?horizon=5").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                .jsonPath("$.parameter").isEqualTo("horizon");
        web.get().uri("/api/v1/sites/SNS-R01/products/PPE-n95/forecast?demandMultiplier=-2").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("demandMultiplier");
        web.get().uri("/api/v1/sites/NOPE/products/PPE-n95/forecast").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/not-found");
        web.get().uri("/api/v1/risk/ingredients?asOf=2018-06-01").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("asOf");
        web.get().uri("/api/v1/forecasts/shortfalls?minProbability=2").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("minProbability");
    }

    @Test
    void a_forecast_of_an_unknown_product_says_there_is_no_such_product_not_that_it_has_no_history() {
        web.get().uri("/api/v1/sites/SNS-R01/products/NOSUCH/forecast").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/not-found")
                .jsonPath("$.detail").isEqualTo("no product with code NOSUCH");
        String idle = jdbc.queryForObject("""
                SELECT p.code FROM product p
                 WHERE NOT EXISTS (SELECT 1 FROM movement m JOIN site s ON s.id = m.site_id
                                    WHERE s.code = 'SNS-R01' AND m.product_id = p.id)
                 ORDER BY p.code LIMIT 1""", String.class);
        web.get().uri("/api/v1/sites/SNS-R01/products/{product}/forecast", idle).exchange().expectStatus()
                .isNotFound().expectBody().jsonPath("$.detail")
                .isEqualTo("no consumption history for site SNS-R01 and product " + idle + " up to " + END);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Shortfall(String site, String jurisdiction, String productKind, double stockoutProbability,
                     double shortfallP90) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ShortfallPage(List<Shortfall> items, String nextCursor, int limit, Freshness supplyRiskFreshness) {
    }

    private ShortfallPage shortfalls(String query) {
        return web.get().uri("/api/v1/forecasts/shortfalls" + query).exchange().expectStatus().isOk()
                .expectBody(ShortfallPage.class).returnResult().getResponseBody();
    }

    @Test
    void shortfalls_are_ranked_by_probability_filtered_and_paged() {
        ShortfallPage all = shortfalls("?horizon=90&demandMultiplier=3&limit=500");
        assertThat(all.items()).isNotEmpty();
        assertThat(all.items()).extracting(Shortfall::stockoutProbability)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        ShortfallPage canada = shortfalls("?horizon=90&demandMultiplier=3&jurisdiction=CA&kind=PPE&minProbability=0.5");
        assertThat(canada.items()).allMatch(s -> s.jurisdiction().equals("CA") && s.productKind().equals("PPE")
                && s.stockoutProbability() >= 0.5);
        ShortfallPage first = shortfalls("?horizon=90&demandMultiplier=3&limit=2");
        ShortfallPage second = shortfalls("?horizon=90&demandMultiplier=3&limit=2&cursor=" + first.nextCursor());
        assertThat(first.items()).hasSize(2);
        assertThat(second.items().get(0)).isEqualTo(all.items().get(2));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Risk(String ingredient, String atc, LocalDate asOf, int horizonDays, double probability,
                List<Map<String, Object>> drivers, String model, int reportsBefore, LocalDate lastReportFiled) {
    }

    /** Every item of a risk ranking, page after page. */
    private List<Risk> allRisks(String query) {
        List<Risk> out = new java.util.ArrayList<>();
        String cursor = "";
        do {
            RiskPage page = web.get().uri("/api/v1/risk/ingredients" + query + "&limit=500" + cursor).exchange()
                    .expectStatus().isOk().expectBody(RiskPage.class).returnResult().getResponseBody();
            out.addAll(page.items());
            cursor = page.nextCursor() == null ? null : "&cursor=" + page.nextCursor();
        } while (cursor != null);
        return out;
    }

    @Test
    void the_ingredients_short_before_are_those_with_a_report_filed_before_the_as_of_day_and_say_when() {
        LocalDate day = LocalDate.of(2023, 1, 1);
        List<Risk> every = allRisks("?horizon=90&asOf=" + day);
        List<Risk> shortBefore = allRisks("?horizon=90&asOf=" + day + "&reportedBefore=true");
        List<Risk> never = allRisks("?horizon=90&asOf=" + day + "&reportedBefore=false");
        assertThat(shortBefore).isNotEmpty().allSatisfy(r -> {
            assertThat(r.reportsBefore()).isPositive();
            assertThat(r.lastReportFiled()).isBefore(day).isAfterOrEqualTo(LocalDate.of(2017, 3, 1));
        });
        assertThat(never).isNotEmpty().allSatisfy(r -> {
            assertThat(r.reportsBefore()).isZero();
            assertThat(r.lastReportFiled()).isNull();
        });
        assertThat(shortBefore.size() + never.size()).isEqualTo(every.size());
        assertThat(shortBefore).extracting(Risk::probability).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        // the same ingredient a year later has at least as many reports behind it, the last no earlier
        Risk first = shortBefore.get(0);
        Risk later = allRisks("?horizon=90&asOf=2024-01-01&ingredient=" + first.ingredient()).stream()
                .filter(r -> r.ingredient().equals(first.ingredient())).findFirst().orElseThrow();
        assertThat(later.reportsBefore()).isGreaterThanOrEqualTo(first.reportsBefore());
        assertThat(later.lastReportFiled()).isAfterOrEqualTo(first.lastReportFiled());
        web.get().uri("/api/v1/risk/ingredients?reportedBefore=maybe").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("reportedBefore");
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RiskPage(List<Risk> items, String nextCursor, int limit, Freshness freshness) {
    }

    /** The newest filing of the bundled DSC history (dsc_reports_2017-03_to_2024-12.csv), and the last before 2023. */
    private static final LocalDate LAST_FILED = LocalDate.of(2024, 12, 24);
    private static final LocalDate LAST_FILED_IN_2022 = LocalDate.of(2022, 12, 28);

    @Test
    void a_risk_ranking_states_the_shortage_reports_it_was_computed_from_up_to_the_day_before_its_as_of_day() {
        RiskPage then = web.get().uri("/api/v1/risk/ingredients?horizon=90&asOf=2023-01-01&limit=5").exchange()
                .expectStatus().isOk().expectBody(RiskPage.class).returnResult().getResponseBody();
        assertThat(then.freshness().statement()).isEqualTo("DSC reports up to " + LAST_FILED_IN_2022);
        assertThat(then.freshness().sources()).as("the served model reads no openFDA feature").singleElement()
                .satisfies(dsc -> {
                    assertThat(dsc.source()).isEqualTo("DSC");
                    assertThat(dsc.country()).isEqualTo("CA");
                    assertThat(dsc.live()).isTrue();
                    assertThat(dsc.reportsUpTo()).isEqualTo(LAST_FILED_IN_2022);
                    assertThat(dsc.updatedUpTo()).as("no update after the as-of day is known")
                            .isEqualTo(LocalDate.of(2022, 12, 31));
                    assertThat(dsc.snapshotOf()).isNull();
                    assertThat(dsc.reports()).as("filed before 2023 and read").isEqualTo(18_583L);
                });
        RiskPage now = web.get().uri("/api/v1/risk/ingredients?horizon=90&limit=5").exchange()
                .expectStatus().isOk().expectBody(RiskPage.class).returnResult().getResponseBody();
        assertThat(now.items().get(0).asOf()).isEqualTo(LAST_FILED.plusDays(1));
        assertThat(now.freshness().statement()).isEqualTo("DSC reports up to " + LAST_FILED);
        assertThat(now.freshness().sources().get(0).reports()).isGreaterThan(then.freshness().sources().get(0)
                .reports());
        RiskPage nextPage = web.get().uri("/api/v1/risk/ingredients?horizon=90&limit=5&cursor=" + now.nextCursor())
                .exchange().expectStatus().isOk().expectBody(RiskPage.class).returnResult().getResponseBody();
        assertThat(nextPage.freshness()).isEqualTo(now.freshness());
    }

    @Test
    void a_forecast_the_shortfalls_and_transfer_recommendations_state_how_fresh_the_sources_of_their_supply_risk_are() {
        Forecast f = forecast("?horizon=28");
        assertThat(f.supplyRiskFreshness().statement()).isEqualTo("DSC reports up to " + LAST_FILED);
        assertThat(f.supplyRiskFreshness().sources()).extracting(SourceFreshness::reportsUpTo)
                .containsExactly(LAST_FILED);
        ShortfallPage shortfalls = shortfalls("?horizon=90&demandMultiplier=3&limit=2");
        assertThat(shortfalls.supplyRiskFreshness()).isEqualTo(f.supplyRiskFreshness());
        Map<?, ?> recommended = web.post().uri("/api/v1/transfer-recommendations")
                .bodyValue(Map.of("quantile", 0.9, "horizonDays", 28)).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(((Map<?, ?>) recommended.get("supplyRiskFreshness")).get("statement"))
                .isEqualTo(f.supplyRiskFreshness().statement());
    }

    @Test
    void risk_by_ingredient_is_ranked_with_its_drivers_from_the_registered_model_as_of_a_day() {
        RiskPage page = web.get().uri("/api/v1/risk/ingredients?horizon=90&asOf=2023-01-01&limit=20").exchange()
                .expectStatus().isOk().expectBody(RiskPage.class).returnResult().getResponseBody();
        assertThat(page.items()).hasSize(20);
        assertThat(page.items()).extracting(Risk::probability).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(page.items().get(0).asOf()).isEqualTo(LocalDate.of(2023, 1, 1));
        assertThat(page.items().get(0).model()).isEqualTo("risk-xgboost v1");
        assertThat(page.items().get(0).drivers()).isNotEmpty().allMatch(d -> d.containsKey("feature")
                && d.containsKey("effect"));
        RiskPage antibiotics = web.get().uri("/api/v1/risk/ingredients?horizon=90&asOf=2023-01-01&atc=J01&limit=500")
                .exchange().expectStatus().isOk().expectBody(RiskPage.class).returnResult().getResponseBody();
        assertThat(antibiotics.items()).isNotEmpty().allMatch(r -> r.atc().startsWith("J01"));
        web.get().uri("/api/v1/risk/ingredients?horizon=60").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("horizon");
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelPage(List<Map<String, Object>> items, String nextCursor, int limit) {
    }

    @Test
    void the_registry_lists_the_model_with_its_training_window_and_provenance() {
        List<Map<String, Object>> models = web.get().uri("/api/v1/forecast-models").exchange().expectStatus().isOk()
                .expectBody(ModelPage.class).returnResult().getResponseBody().items();
        assertThat(models).hasSize(2);
        assertThat(models.get(0)).containsEntry("kind", "RISK").containsEntry("horizonDays", 90);
        assertThat(models.get(1)).containsEntry("kind", "DEMAND").containsEntry("version", 1)
                .containsEntry("dataUpTo", END.toString()).containsEntry("trainingTo", END.minusDays(120).toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) models.get(1).get("metrics");
        assertThat(metrics).containsKeys("calibration_mae", "calibration_mae_seasonal_naive", "series");
        assertThat(((Number) models.get(1).get("trainingRows")).intValue()).isBetween(TRAINING_CAP * 9 / 10,
                TRAINING_CAP);
        assertThat(((Number) models.get(1).get("calibrationRows")).intValue()).isLessThanOrEqualTo(CALIBRATION_CAP);
        assertThat(((Number) metrics.get("training_candidates")).intValue()).isGreaterThan(TRAINING_CAP);
        assertThat(((Number) metrics.get("calibration_candidates")).intValue()).isGreaterThan(CALIBRATION_CAP);
        Number id = (Number) models.get(1).get("id");
        assertThat(web.get().uri("/api/v1/forecast-models/" + id + "/provenance").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).contains("tribuo-version");
    }
}
