package org.stockbridge.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts on the facts that change outside the ledger's stock and transfers: shortage reports after an ingest run,
 * stockout probability and ingredient risk after a forecast job, and lots nearing expiry from movements and the sweep.
 * The ingest and forecast runs are written here as their jobs write them (reports, links, scores, a completed run), so
 * what is tested is how the evaluator finds and judges them.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.webhooks.allow-loopback=true",
        "stockbridge.webhooks.poll-interval=PT0.1S", "stockbridge.alerts.evaluator-interval=PT0.1S",
        "stockbridge.alerts.expiry-sweep-interval=PT0.2S", "stockbridge.forecast.train-on-start=false"})
class FactAlertsIntegrationTests {

    private static final String US = "NDC-23155-601";
    private static final String CA = "DIN-02240285";
    private static final String GROUP = "EQ-MIDAZOLAM-5MG-ML-INJ";
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalTokenIssuer issuer;

    private final JsonMapper json = JsonMapper.builder().build();
    private WebhookReceiver receiver;
    private int forecastRuns;

    @BeforeAll
    void start() throws Exception {
        new CatalogueFixture(jdbc).load();
        receiver = new WebhookReceiver();
    }

    @AfterAll
    void stop() {
        receiver.close();
    }

    @Test
    void aShortageReportOfAWatchedGroupIsRaisedOnceWhileOpenAndClearedWhenResolved() {
        long id = id(subscribe("rita", Map.of("name", "midazolam shortages", "events", List.of("SHORTAGE_REPORTED"),
                "equivalenceGroups", List.of(GROUP), "webhookUrl", receiver.url("/rita"))));
        subscribe("sam", Map.of("name", "PPE shortages", "events", List.of("SHORTAGE_REPORTED"),
                "products", List.of("PPE-n95")));

        long first = ingestRun();
        long report = jdbc.queryForObject("""
                INSERT INTO shortage_report (source, source_key, country, report_type, source_status, lifecycle, din,
                    brand_name, common_name, details, version, first_run_id, last_run_id, changed_run_id)
                VALUES ('DSC', '250001', 'CA', 'SHORTAGE', 'Actual shortage', 'ACTIVE', '02240285', 'MIDAZOLAM',
                        'midazolam', '{}'::jsonb, 1, ?, ?, ?) RETURNING id""", Long.class, first, first, first);
        jdbc.update("INSERT INTO shortage_report_link (report_id, product_id, equivalence_group_id, match_method) "
                + "SELECT ?, id, equivalence_group_id, 'DIN' FROM product WHERE code = ?", report, CA);
        completed(first);
        waitFor(() -> alerts("rita").size() == 1, "the shortage alert");
        JsonNode raised = alerts("rita").get(0);
        assertThat(raised.path("event").asString()).isEqualTo("SHORTAGE_REPORTED");
        assertThat(raised.path("kind").asString()).isEqualTo("RAISED");
        assertThat(raised.path("condition").asString()).isEqualTo("shortage-report/DSC/250001");
        assertThat(raised.path("evidence").path("report").path("lifecycle").asString()).isEqualTo("ACTIVE");
        assertThat(raised.path("evidence").path("watchedProducts").valueStream().map(JsonNode::asString))
                .containsExactly(CA);

        long second = ingestRun();
        jdbc.update("UPDATE shortage_report SET version = 2, estimated_end = DATE '2027-03-01', changed_run_id = ?, "
                + "last_run_id = ? WHERE id = ?", second, second, report);
        completed(second);
        waitUntilJudged(second);
        assertThat(alerts("rita")).hasSize(1);

        long third = ingestRun();
        jdbc.update("UPDATE shortage_report SET version = 3, lifecycle = 'RESOLVED', source_status = 'Resolved', "
                + "changed_run_id = ?, last_run_id = ? WHERE id = ?", third, third, report);
        completed(third);
        waitFor(() -> alerts("rita").size() == 2, "the cleared alert");
        assertThat(alerts("rita").get(0).path("kind").asString()).isEqualTo("CLEARED");
        assertThat(alerts("rita").get(0).path("evidence").path("report").path("lifecycle").asString())
                .isEqualTo("RESOLVED");
        assertThat(outboxRows(id)).isEqualTo(2);
        assertThat(alerts("sam")).isEmpty();
    }

    @Test
    void aStockoutProbabilityAboveTheThresholdWithinTheHorizonIsRaisedOnceAndClearedWhenItFalls() {
        long id = id(subscribe("olga", Map.of("name", "Dallas stockouts", "events",
                List.of("STOCKOUT_PROBABILITY_ABOVE"), "sites", List.of("SNS-R06"), "products", List.of(US),
                "threshold", 0.5, "horizonDays", 30, "webhookUrl", receiver.url("/olga"))));
        String partner = issuer.mint("boston-stockouts", List.of("read", "forecast"), null, null, List.of("SNS-R01"),
                Duration.ofHours(1));
        web.post().uri("/api/v1/subscriptions").header("Authorization", "Bearer " + partner)
                .bodyValue(Map.of("name", "my stockouts", "events", List.of("STOCKOUT_PROBABILITY_ABOVE"),
                        "threshold", 0.5, "horizonDays", 30))
                .exchange().expectStatus().isCreated();

        forecastRun(Map.of("SNS-R06/" + US, new double[] {0.2, 0.7, 0.95}, "SNS-R01/" + US, new double[] {0.1, 0.6, 0.9}),
                null);
        waitFor(() -> alerts("olga").size() == 1, "the stockout alert");
        JsonNode raised = alerts("olga").get(0);
        assertThat(raised.path("condition").asString()).isEqualTo("SNS-R06/" + US);
        assertThat(raised.path("evidence").path("stockoutProbability").asDouble()).isEqualTo(0.7);
        assertThat(raised.path("evidence").path("projectedHorizonDays").asInt()).isEqualTo(28);

        forecastRun(Map.of("SNS-R06/" + US, new double[] {0.3, 0.8, 0.9}), null);
        waitUntilForecastJudged();
        assertThat(alerts("olga")).hasSize(1);

        forecastRun(Map.of("SNS-R06/" + US, new double[] {0.1, 0.3, 0.9}), null);
        waitFor(() -> alerts("olga").size() == 2, "the cleared alert");
        assertThat(alerts("olga").get(0).path("kind").asString()).isEqualTo("CLEARED");
        assertThat(outboxRows(id)).isEqualTo(2);

        JsonNode partnerAlerts = json.valueToTree(web.get().uri("/api/v1/alerts")
                .header("Authorization", "Bearer " + partner).exchange().expectStatus().isOk().expectBody(MAP)
                .returnResult().getResponseBody().get("items"));
        assertThat(partnerAlerts.findValuesAsString("condition")).containsExactly("SNS-R01/" + US, "SNS-R01/" + US);
        assertThat(partnerAlerts.findValuesAsString("kind")).containsExactly("CLEARED", "RAISED");
    }

    @Test
    void theShortageRiskOfAWatchedIngredientAboveTheThresholdIsRaisedWithItsSourcesFreshnessAndClearedWhenItFalls() {
        long id = id(subscribe("pat", Map.of("name", "midazolam risk", "events", List.of("SHORTAGE_RISK_ABOVE"),
                "equivalenceGroups", List.of(GROUP), "threshold", 0.5, "webhookUrl", receiver.url("/pat"))));
        subscribe("quentin", Map.of("name", "antibiotics risk", "events", List.of("SHORTAGE_RISK_ABOVE"),
                "atcPrefixes", List.of("J01"), "threshold", 0.5));

        forecastRun(Map.of(), Map.of("MIDAZOLAM", 0.62, "AMOXICILLIN", 0.1));
        waitFor(() -> alerts("pat").size() == 1, "the risk alert");
        JsonNode raised = alerts("pat").get(0);
        assertThat(raised.path("condition").asString()).isEqualTo("ingredient/MIDAZOLAM");
        assertThat(raised.path("evidence").path("probability").asDouble()).isEqualTo(0.62);
        assertThat(raised.path("evidence").path("horizonDays").asInt()).isEqualTo(90);
        assertThat(raised.path("evidence").path("supplyRiskFreshness").path("statement").asString())
                .as("the risk's sources, as the risk views state them").isEqualTo("DSC reports up to 2024-12-24");

        forecastRun(Map.of(), Map.of("MIDAZOLAM", 0.7, "AMOXICILLIN", 0.2));
        waitUntilForecastJudged();
        assertThat(alerts("pat")).hasSize(1);

        forecastRun(Map.of(), Map.of("MIDAZOLAM", 0.2, "AMOXICILLIN", 0.3));
        waitFor(() -> alerts("pat").size() == 2, "the cleared alert");
        assertThat(alerts("pat").get(0).path("kind").asString()).isEqualTo("CLEARED");
        assertThat(outboxRows(id)).isEqualTo(2);
        assertThat(alerts("quentin")).isEmpty();
    }

    @Test
    void aLotNearingExpiryIsRaisedOnceAndClearedWhenWrittenOffAndOnlyWhereThePartnerSees() {
        long id = id(subscribe("ursula", Map.of("name", "Dallas expiry", "events", List.of("LOTS_EXPIRING"),
                "sites", List.of("SNS-R06"), "withinDays", 30, "webhookUrl", receiver.url("/ursula"))));
        String partner = issuer.mint("boston-expiry", List.of("read"), null, null, List.of("SNS-R01"),
                Duration.ofHours(1));
        web.post().uri("/api/v1/subscriptions").header("Authorization", "Bearer " + partner)
                .bodyValue(Map.of("name", "my expiring lots", "events", List.of("LOTS_EXPIRING"), "withinDays", 30))
                .exchange().expectStatus().isCreated();

        receipt("SNS-R06", US, "EXP-1", 10, 40);
        receipt("SNS-R06", US, "FAR-1", 400, 40);
        receipt("SNS-R01", US, "EXP-B", 5, 10);
        waitFor(() -> alerts("ursula").size() == 1, "the expiry alert");
        JsonNode raised = alerts("ursula").get(0);
        assertThat(raised.path("condition").asString()).isEqualTo("SNS-R06/" + US + "/EXP-1");
        assertThat(raised.path("evidence").path("daysLeft").asInt()).isEqualTo(10);
        assertThat(raised.path("evidence").path("onHand").asLong()).isEqualTo(40);

        receipt("SNS-R06", US, "EXP-1", 10, 5);
        waitUntilEvaluated();
        assertThat(alerts("ursula")).hasSize(1);

        movement(Map.of("site", "SNS-R06", "product", US, "type", "WRITE_OFF", "quantity", 45,
                "reasonCode", "DAMAGED", "lot", Map.of("number", "EXP-1")));
        waitFor(() -> alerts("ursula").size() == 2, "the cleared alert");
        assertThat(alerts("ursula").get(0).path("kind").asString()).isEqualTo("CLEARED");
        assertThat(alerts("ursula").get(0).path("evidence").path("onHand").asLong()).isZero();
        assertThat(outboxRows(id)).isEqualTo(2);

        JsonNode partnerAlerts = json.valueToTree(web.get().uri("/api/v1/alerts")
                .header("Authorization", "Bearer " + partner).exchange().expectStatus().isOk().expectBody(MAP)
                .returnResult().getResponseBody().get("items"));
        assertThat(partnerAlerts.findValuesAsString("condition")).containsExactly("SNS-R01/" + US + "/EXP-B");
    }

    @Test
    void theSweepRaisesALotThatCameNearExpiryWithoutAMovementAndForANewSubscription() {
        receipt("NESS-NAT", CA, "SWEEP-1", 20, 12);
        receipt("NESS-NAT", CA, "SWEEP-2", 300, 12);
        waitUntilEvaluated();
        subscribe("victor", Map.of("name", "Ottawa expiry", "events", List.of("LOTS_EXPIRING"),
                "sites", List.of("NESS-NAT"), "withinDays", 60));
        waitFor(() -> alerts("victor").size() == 1, "the alert of the lot held before the subscription");
        assertThat(alerts("victor").get(0).path("condition").asString()).isEqualTo("NESS-NAT/" + CA + "/SWEEP-1");

        jdbc.update("UPDATE lot SET labelled_expiry = current_date + 45 WHERE lot_number = 'SWEEP-2'");
        waitFor(() -> alerts("victor").size() == 2, "the alert of the lot that came into the window");
        assertThat(alerts("victor").get(0).path("condition").asString()).isEqualTo("NESS-NAT/" + CA + "/SWEEP-2");
        long now = System.currentTimeMillis();
        waitFor(() -> sweptAfter(now), "another sweep");
        assertThat(alerts("victor")).hasSize(2);
    }

    @Test
    void aSubscriptionWithoutTheParametersItsEventsNeedOrWithBadOnesIsRefusedNamingTheParameter() {
        refused(Map.of("name", "x", "events", List.of("STOCKOUT_PROBABILITY_ABOVE"), "threshold", 0.5), "horizonDays");
        refused(Map.of("name", "x", "events", List.of("SHORTAGE_RISK_ABOVE")), "threshold");
        refused(Map.of("name", "x", "events", List.of("SHORTAGE_RISK_ABOVE"), "threshold", 0), "threshold");
        refused(Map.of("name", "x", "events", List.of("SHORTAGE_RISK_ABOVE"), "threshold", 1.5), "threshold");
        refused(Map.of("name", "x", "events", List.of("STOCKOUT_PROBABILITY_ABOVE"), "threshold", 0.5,
                "horizonDays", 400), "horizonDays");
        refused(Map.of("name", "x", "events", List.of("LOTS_EXPIRING")), "withinDays");
        refused(Map.of("name", "x", "events", List.of("LOTS_EXPIRING"), "withinDays", 0), "withinDays");
        refused(Map.of("name", "x", "events", List.of("STOCK_BELOW_POLICY"), "withinDays", 10), "withinDays");

        Map<String, Object> saved = subscribe("wendy", Map.of("name", "ok", "events",
                List.of("STOCKOUT_PROBABILITY_ABOVE", "SHORTAGE_RISK_ABOVE", "LOTS_EXPIRING"), "threshold", 1,
                "horizonDays", 14, "withinDays", 90));
        assertThat(((Number) saved.get("threshold")).doubleValue()).isEqualTo(1.0);
        assertThat(saved.get("horizonDays")).isEqualTo(14);
        assertThat(saved.get("withinDays")).isEqualTo(90);

        String reader = issuer.mint("no-forecasts", List.of("read"), null, null, null, Duration.ofHours(1));
        web.post().uri("/api/v1/subscriptions").header("Authorization", "Bearer " + reader)
                .bodyValue(Map.of("name", "x", "events", List.of("STOCKOUT_PROBABILITY_ABOVE"), "threshold", 0.5,
                        "horizonDays", 14))
                .exchange().expectStatus().isForbidden();
    }

    private void refused(Map<String, Object> body, String parameter) {
        web.post().uri("/api/v1/subscriptions").bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo(parameter);
    }

    /** A shortage ingest run, running. */
    private long ingestRun() {
        return jdbc.queryForObject("""
                INSERT INTO ingestion_run (file_name, file_path, sha256, size_bytes, format, source, status)
                VALUES ('dsc.csv', 'dsc.csv', ?, 1, 'DSC_CSV', 'DSC', 'RUNNING') RETURNING id""", Long.class,
                UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", ""));
    }

    private void completed(long run) {
        jdbc.update("UPDATE ingestion_run SET status = 'COMPLETED', finished_at = now() WHERE id = ?", run);
    }

    private void waitUntilJudged(long run) {
        waitFor(() -> jdbc.queryForObject("SELECT count(*) FROM alert_ingestion_run WHERE run_id = ?", Long.class,
                run) == 1, "the run to be judged");
    }

    /**
     * A forecast job run as the job leaves it: a demand model scoring (site/product) at 7, 28 and 60 days with the
     * given stockout probabilities, a 90-day risk model scoring the given ingredients, and a completed execution.
     */
    private synchronized void forecastRun(Map<String, double[]> stockout, Map<String, Double> risk) {
        forecastRuns++;
        long execution = 90_000 + forecastRuns;
        jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) "
                + "VALUES (?, 0, 'forecastJob', ?)", execution, "alerts-" + execution);
        jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, "
                + "status) VALUES (?, 0, ?, now(), 'STARTED')", execution, execution);
        long demand = model("DEMAND", null, execution);
        int[] horizons = {7, 28, 60};
        stockout.forEach((pair, probabilities) -> {
            String[] parts = pair.split("/", 2);
            for (int i = 0; i < horizons.length; i++) {
                jdbc.update("""
                        INSERT INTO forecast_score (model_id, site_id, product_id, horizon_days, as_of, demand_expected,
                            demand_p10, demand_p50, demand_p90, usable_on_hand, stockout_probability, shortfall_p50,
                            shortfall_p90)
                        SELECT ?, s.id, p.id, ?, current_date, 10, 5, 10, 15, 20, ?, 0, 3
                          FROM site s, product p WHERE s.code = ? AND p.code = ?""", demand, horizons[i],
                        probabilities[i], parts[0], parts[1]);
            }
        });
        if (risk != null) {
            long riskModel = model("RISK", 90, execution);
            risk.forEach((ingredient, p) -> jdbc.update("INSERT INTO shortage_risk_score (model_id, ingredient, "
                    + "atc_code, as_of, horizon_days, probability) VALUES (?, ?, ?, current_date, 90, ?)", riskModel,
                    ingredient, ingredient.equals("MIDAZOLAM") ? "N05CD08" : "J01CA04", p));
        }
        jdbc.update("UPDATE batch_job_execution SET status = 'COMPLETED', end_time = now() WHERE job_execution_id = ?",
                execution);
    }

    private long model(String kind, Integer horizon, long execution) {
        return jdbc.queryForObject("""
                INSERT INTO forecast_model (kind, name, version, horizon_days, training_to, as_of, training_rows,
                    calibration_rows, provenance, summary, parameters, model, job_execution_id)
                VALUES (?, 'alert-test', ?, ?, current_date, current_date, 1, 1, 'tests', 'tests', '{}', '\\x00'::bytea, ?)
                RETURNING id""", Long.class, kind, (int) execution, horizon, execution);
    }

    private void waitUntilForecastJudged() {
        long newest = jdbc.queryForObject("SELECT max(id) FROM forecast_model WHERE kind = 'DEMAND'", Long.class);
        waitFor(() -> jdbc.queryForObject("SELECT position FROM alert_cursor WHERE name = 'forecast-model'",
                Long.class) >= newest, "the forecast run to be judged");
    }

    private boolean sweptAfter(long millis) {
        return jdbc.queryForObject("SELECT position FROM alert_cursor WHERE name = 'lot-expiry-sweep'", Long.class)
                > millis;
    }

    private long outboxRows(long subscription) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE subscription_id = ?", Long.class,
                subscription);
    }

    private static long id(Map<String, Object> subscription) {
        return ((Number) subscription.get("id")).longValue();
    }

    private Map<String, Object> subscribe(String actor, Map<String, Object> body) {
        return web.post().uri("/api/v1/subscriptions").header("X-Actor", actor).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    private List<JsonNode> alerts(String actor) {
        Map<String, Object> page = web.get().uri("/api/v1/alerts?limit=100").header("X-Actor", actor).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        JsonNode items = json.valueToTree(page.get("items"));
        return items.valueStream().toList();
    }

    private void receipt(String site, String product, String lot, int expiresInDays, long quantity) {
        Map<String, Object> body = new HashMap<>(Map.of("site", site, "product", product, "type", "RECEIPT",
                "quantity", quantity,
                "lot", Map.of("number", lot, "expiry", LocalDate.now().plusDays(expiresInDays).toString())));
        movement(body);
    }

    private void movement(Map<String, Object> body) {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body)
                .exchange().expectStatus().isCreated();
    }

    /** Waits until the evaluator has passed every change made so far. */
    private void waitUntilEvaluated() {
        long newest = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM change_event", Long.class);
        waitFor(() -> Boolean.TRUE.equals(jdbc.queryForObject("SELECT coalesce((SELECT position FROM change_event "
                + "WHERE id = ?) <= (SELECT position FROM alert_cursor WHERE name = 'change-feed'), false)",
                Boolean.class, newest)), "the evaluator to pass the newest change");
    }

    private static void waitFor(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
