package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.infra.database.StockbridgeDatabaseProperties;

/**
 * The service on a PostgreSQL primary with a hot standby streaming from it ({@link StreamingReplica}), the standby
 * given as {@code stockbridge.db.read-url}: which server runs what is read from the servers' own statement logs, and
 * what each endpoint answers while the standby's replay is paused shows which server it read.
 */
@StreamingReplica.Available
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"stockbridge.reference.load-on-start=false", "stockbridge.demo.enabled=false",
                "stockbridge.shortages.load-on-start=false",
                "stockbridge.forecast.train-on-start=false", "stockbridge.forecast.schedule=-",
                "stockbridge.security.local-issuer.enabled=true",
                "stockbridge.security.local-issuer.key-file=${java.io.tmpdir}/stockbridge-test-local-issuer.json",
                "stockbridge.security.rate-limit.requests-per-second=1000000",
                "stockbridge.stock.summary-refresh=0s"})
@Import(TestSecurity.class)
@AutoConfigureWebTestClient(timeout = "PT60S")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaApiIntegrationTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static StreamingReplica servers;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("stockbridge.db.url", () -> servers().primaryUrl());
        registry.add("stockbridge.db.read-url", () -> servers().standbyUrl());
    }

    private static synchronized StreamingReplica servers() {
        if (servers == null) {
            servers = StreamingReplica.start();
        }
        return servers;
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatabaseClient primaryClient;

    @Autowired
    Reads reads;

    @BeforeAll
    void catalogue() throws Exception {
        new CatalogueFixture(jdbc).load();
        servers.awaitCaughtUp();
    }

    @AfterAll
    void stop() {
        if (servers != null) {
            servers.close();
            servers = null;
        }
    }

    @Test
    void the_schema_was_migrated_on_the_primary_and_the_standby_never_saw_flyway() throws IOException {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Long.class))
                .isPositive();
        assertThat(servers.standbyLog()).doesNotContainIgnoringCase("flyway");
    }

    @Test
    void the_heavy_reads_run_on_the_standby_and_not_on_the_primary() throws Exception {
        post(receipt("SNS-R01", "NDC-23155-601", "HR-" + UUID.randomUUID(), TODAY.plusDays(20), 30));
        servers.awaitCaughtUp();
        assertThat(reads.onReplica()).isTrue();

        Map<String, String> endpoints = Map.of(
                "/api/v1/stock/summary", "us_usable_on_hand",
                "/api/v1/stock/by-site?product=NDC-23155-601", "AS lowest_product",
                "/api/v1/stock/expiring?withinDays=60", "ORDER BY b.effective_expiry",
                "/api/v1/shortage-reports?country=US", "FROM shortage_report r",
                "/api/v1/changes?after=0", "shortage_report_changes(e.position");
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            long[] marks = servers.logMarks();
            web.get().uri(endpoint.getKey()).exchange().expectStatus().isOk();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servers.standbyLogSince(marks))
                    .as("the standby ran %s", endpoint.getKey()).contains(endpoint.getValue()));
            assertThat(servers.primaryLogSince(marks)).as("the primary did not run %s", endpoint.getKey())
                    .doesNotContain(endpoint.getValue());
        }
    }

    @Test
    void a_write_goes_to_the_primary_and_is_read_back_at_once_while_the_standby_lags() throws Exception {
        String lot = "RW-" + UUID.randomUUID();
        post(receipt("SNS-R06", "NDC-23155-601", lot, TODAY.plusYears(2), 100));
        servers.awaitCaughtUp();
        servers.pauseReplay();
        try {
            long[] marks = servers.logMarks();
            post(receipt("SNS-R06", "NDC-23155-601", lot, TODAY.plusYears(2), 50));
            assertThat(servers.primaryLogSince(marks)).contains("post_movement");

            // read-your-writes paths read the primary: the new receipt is there at once
            Map<String, Object> siteStock = get("/api/v1/sites/SNS-R06/stock?product=NDC-23155-601");
            assertThat(items(siteStock)).anySatisfy(line -> assertThat(line.toString()).contains(lot)
                    .contains("onHand=150"));
            // the map reads the standby, whose replay is paused: the receipt is not there yet
            assertThat(onHandOnMap("SNS-R06")).isEqualTo(100);
        } finally {
            servers.resumeReplay();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> onHandOnMap("SNS-R06") == 150);
    }

    @Test
    void replica_reads_go_to_the_primary_while_the_standby_lags_more_than_allowed_and_back_once_it_caught_up()
            throws Exception {
        StockbridgeDatabaseProperties properties = new StockbridgeDatabaseProperties(servers.primaryUrl(), null,
                null, null, null, servers.standbyUrl(), Duration.ofSeconds(1), null);
        Reads bounded = new Reads(primaryClient, properties);
        try {
            await().atMost(Duration.ofSeconds(30)).until(bounded::onReplica);
            assertThat(inRecovery(bounded.client())).isTrue();

            servers.pauseReplay();
            try {
                // the standby has received WAL it does not replay: its lag grows past the second allowed
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    writeSomething();
                    return !bounded.onReplica();
                });
                assertThat(inRecovery(bounded.client())).isFalse();
            } finally {
                servers.resumeReplay();
            }
            await().atMost(Duration.ofSeconds(30)).until(bounded::onReplica);
            assertThat(inRecovery(bounded.client())).isTrue();
        } finally {
            bounded.destroy();
        }
    }

    private void writeSomething() {
        jdbc.update("INSERT INTO data_source (code, title, publisher, origin, licence) VALUES (?, 't', 'p', 'o', 'l')",
                "lag-" + UUID.randomUUID());
    }

    private static boolean inRecovery(DatabaseClient client) {
        return client.sql("SELECT pg_is_in_recovery() AS r").map(row -> row.get("r", Boolean.class)).one()
                .block(Duration.ofSeconds(30));
    }

    private long onHandOnMap(String site) {
        return items(get("/api/v1/stock/by-site?product=NDC-23155-601")).stream()
                .filter(item -> site.equals(item.get("site")) || site.equals(code(item.get("site"))))
                .mapToLong(item -> ((Number) item.get("onHand")).longValue()).sum();
    }

    @SuppressWarnings("unchecked")
    private static String code(Object site) {
        return site instanceof Map<?, ?> map ? (String) ((Map<String, Object>) map).get("code") : null;
    }

    private static Map<String, Object> receipt(String site, String product, String lot, LocalDate expiry, long qty) {
        return Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", qty,
                "occurredAt", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString(),
                "lot", Map.of("number", lot, "expiry", expiry.toString()));
    }

    private void post(Map<String, Object> body) {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body)
                .exchange().expectStatus().isCreated();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String uri) {
        return web.get().uri(uri).exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }
}
