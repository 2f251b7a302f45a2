package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Prometheus scrape: readable by administrators only, and carrying the ledger's and the feed's meters with the
 * values the requests made here produced. The class has its context (and so its registry) to itself.
 */
@ApiIntegrationTest
class MetricsApiIntegrationTests {

    private static final String PRODUCT = "NDC-23155-601";

    /** The deployment files, from the api module's directory (where the build runs the tests). */
    private static final Path DEPLOY = Path.of("..", "deploy");

    /** A series name in a PromQL expression: the service's own, or the HTTP server's. */
    private static final Pattern SERIES = Pattern.compile("\\b(?:stockbridge|http_server)_[a-z0-9_]+");

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

    @LocalServerPort
    int port;

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
    }

    @Test
    void the_scrape_counts_posted_lines_refusals_by_reason_replays_and_a_partners_feed_lag() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> receipt = Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT", "quantity", 10,
                "lot", Map.of("number", "M-1", "expiry", LocalDate.now().plusYears(2).toString()));
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(receipt).exchange()
                .expectStatus().isCreated();
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(receipt).exchange()
                .expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true");
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "SNS-R01", "product", PRODUCT, "type", "ISSUE", "quantity", 15,
                        "lot", Map.of("number", "M-1")))
                .exchange().expectStatus().isEqualTo(409);
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "NO-SUCH-SITE", "product", PRODUCT, "type", "RECEIPT", "quantity", 1))
                .exchange().expectStatus().isEqualTo(422);
        // the sequencer numbers committed changes a moment after they commit; the lag is measured against numbered ones
        FeedPositions.awaitAllPositioned(jdbc);
        long head = ((Number) web.get().uri("/api/v1/changes/head").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("position")).longValue();
        web.get().uri("/api/v1/changes?after=0").exchange().expectStatus().isOk();

        String scrape = scrape();

        assertThat(value(scrape, "stockbridge_movements_posted_total")).isEqualTo(1.0);
        assertThat(value(scrape, "stockbridge_movements_refused_total{reason=\"insufficient-stock\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "stockbridge_movements_refused_total{reason=\"unknown-reference\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "stockbridge_idempotency_replays_total")).isEqualTo(1.0);
        assertThat(value(scrape, "stockbridge_ledger_post_seconds_count")).isGreaterThanOrEqualTo(1.0);
        assertThat(head).isPositive();
        assertThat(value(scrape, "stockbridge_feed_lag{client=\"test-admin\"}")).isEqualTo((double) head);
    }

    @Test
    void the_scrape_is_refused_without_a_token_and_to_a_token_without_the_admin_scope() {
        web.mutate().defaultHeaders(headers -> headers.remove("Authorization")).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        web.mutate().defaultHeaders(headers -> headers.setBearerAuth(issuer.mint("aspr-manager"))).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredScope").isEqualTo("admin");
        web.mutate().defaultHeaders(headers -> headers.setBearerAuth(issuer.mint("admin"))).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void the_actuator_index_is_for_administrators_only_and_health_stays_open() {
        String partnerToken = issuer.mint("ny-partner", List.of("read", "write"), "US", "US-NY", null,
                Duration.ofMinutes(5));
        WebTestClient partner = web.mutate().defaultHeaders(headers -> headers.setBearerAuth(partnerToken)).build();
        WebTestClient manager = web.mutate()
                .defaultHeaders(headers -> headers.setBearerAuth(issuer.mint("aspr-manager"))).build();
        // sent byte for byte: every spelling of the index and the scrape is refused to all but administrators
        RawHttp raw = new RawHttp(port);
        for (String path : List.of("/actuator", "/actuator/", "/%61ctuator", "/actuator/%70rometheus")) {
            assertThat(raw.send("GET", path, null, Map.of(), null).status()).as(path).isIn(401, 404);
            for (String token : List.of(partnerToken, issuer.mint("aspr-manager"))) {
                assertThat(raw.send("GET", path, token, Map.of(), null).status()).as(path).isIn(403, 404);
            }
        }
        manager.get().uri("/actuator").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredScope").isEqualTo("admin");
        web.mutate().defaultHeaders(headers -> headers.setBearerAuth(issuer.mint("admin"))).build()
                .get().uri("/actuator").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$._links.prometheus").exists();
        partner.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_alert_and_every_dashboard_query_names_series_the_scrape_carries() throws IOException {
        web.get().uri("/api/v1/sites").exchange().expectStatus().isOk();
        web.get().uri("/api/v1/changes?after=0").exchange().expectStatus().isOk();
        Set<String> exposed = new HashSet<>();
        for (String line : scrape().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exposed.add(line.split("[{ ]", 2)[0]);
            }
        }
        // series that appear at their first event only (their tags are not known before): a refusal, a 429, a solve
        exposed.addAll(List.of("stockbridge_movements_refused_total", "stockbridge_ratelimit_refusals_total",
                "stockbridge_solver_seconds_count", "stockbridge_solver_seconds_sum"));

        Map<String, Object> rules = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/alerts.yml")));
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.add((String) rule.get("expr"));
            }
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(4);
        alerts.forEach(expr -> assertNamesExposedSeries(expr, exposed));
        assertThat(String.join("\n", alerts)).contains("stockbridge_feed_lag", "stockbridge_ingestion_runs",
                "stockbridge_forecast_model_age_seconds", "http_server_requests_seconds_count{status=~\"5..\"}");

        JsonNode dashboard = new JsonMapper().readTree(DEPLOY.resolve("grafana/dashboards/stockbridge.json")
                .toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.add(target.get("expr").asString());
            }
        }
        assertThat(queries).isNotEmpty();
        queries.forEach(expr -> assertNamesExposedSeries(expr, exposed));
    }

    private static void assertNamesExposedSeries(String expr, Set<String> exposed) {
        Matcher names = SERIES.matcher(expr);
        int found = 0;
        while (names.find()) {
            found++;
            assertThat(exposed).as("a series of " + expr).contains(names.group());
        }
        assertThat(found).as("series named in " + expr).isPositive();
    }

    private String scrape() {
        return web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The value of one series, named as Prometheus shows it (labels in the order the scrape writes them). */
    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no series " + series + " in the scrape:\n" + scrape);
    }
}
