package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import org.stockbridge.infra.testing.TestDatabaseExtension;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Two replicas of the service (this class's application and a second one started beside it, on the same database)
 * sharing one Redis: a client or an address spread over both gets the documented limit in total, not twice it.
 */
@RedisAvailable
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.security.rate-limit.requests-per-second=" +
        FleetRateLimitApiIntegrationTests.PER_SECOND,
        "stockbridge.security.unauthenticated.refusals-per-minute=" + FleetRateLimitApiIntegrationTests.PER_MINUTE,
        "stockbridge.redis.url=" + RedisAvailable.URL})
class FleetRateLimitApiIntegrationTests {

    static final int PER_SECOND = 5;
    static final int PER_MINUTE = 4;
    static final String KEY_PREFIX = "stockbridge-test-" + UUID.randomUUID() + ":";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
        registry.add("stockbridge.redis.key-prefix", () -> KEY_PREFIX);
    }

    @Autowired
    LocalTokenIssuer issuer;

    @LocalServerPort
    int port;

    ConfigurableApplicationContext second;
    int secondPort;

    @BeforeAll
    void start_a_second_replica() {
        second = new SpringApplicationBuilder(StockbridgeApplication.class).run(
                "--server.port=0",
                "--stockbridge.db.url=" + TestDatabaseExtension.currentEndpoint().jdbcUrl(),
                "--stockbridge.db.username=" + TestDatabaseExtension.currentEndpoint().username(),
                "--stockbridge.db.password=" + TestDatabaseExtension.currentEndpoint().password(),
                "--stockbridge.reference.load-on-start=false", "--stockbridge.demo.enabled=false",
                "--stockbridge.shortages.load-on-start=false",
                "--stockbridge.forecast.train-on-start=false", "--stockbridge.forecast.schedule=-",
                "--stockbridge.security.local-issuer.enabled=true",
                "--stockbridge.security.local-issuer.key-file=${java.io.tmpdir}/stockbridge-test-local-issuer.json",
                "--stockbridge.security.rate-limit.requests-per-second=" + PER_SECOND,
                "--stockbridge.security.unauthenticated.refusals-per-minute=" + PER_MINUTE,
                "--stockbridge.redis.url=" + RedisAvailable.URL,
                "--stockbridge.redis.key-prefix=" + KEY_PREFIX);
        secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    void stop_the_second_replica() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void a_client_spread_over_two_replicas_gets_the_documented_rate_in_total_not_twice_it() {
        String token = issuer.mint("fleet-client-" + UUID.randomUUID(), TestSecurity.ALL_SCOPES, "US CA", null, null,
                Duration.ofHours(1));
        List<WebTestClient> replicas = List.of(client("127.0.0.1", port), client("127.0.0.1", secondPort));
        // warm both replicas up with another client, so that the burst below is short
        String warmUp = issuer.mint("fleet-warm-up-" + UUID.randomUUID(), TestSecurity.ALL_SCOPES, "US CA", null,
                null, Duration.ofHours(1));
        replicas.forEach(r -> r.get().uri("/api/v1/sites").header("Authorization", "Bearer " + warmUp).exchange());

        List<Integer> statuses = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 4 * PER_SECOND; i++) {
            statuses.add(replicas.get(i % 2).get().uri("/api/v1/sites").header("Authorization", "Bearer " + token)
                    .exchange().returnResult(byte[].class).getStatus().value());
        }
        long elapsed = System.nanoTime() - started;

        // The bucket refills PER_SECOND permits at each whole second after the client's first request, so a burst
        // lasting d seconds may have at most PER_SECOND * (1 + floor(d)) requests answered, wherever they landed.
        long windows = 1 + elapsed / 1_000_000_000L;
        long answered = statuses.stream().filter(s -> s == 200).count();
        assertThat(statuses).containsOnly(200, 429);
        assertThat(statuses.get(0)).isEqualTo(200);
        assertThat(answered).as("requests answered across both replicas in %d refill window(s)", windows)
                .isLessThanOrEqualTo(PER_SECOND * windows);
    }

    @Test
    void an_address_refused_on_both_replicas_gets_the_documented_refusals_a_minute_in_total() {
        List<WebTestClient> replicas = List.of(client("127.0.0.7", port), client("127.0.0.7", secondPort));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4 * PER_MINUTE; i++) {
            statuses.add(replicas.get(i % 2).post().uri("/api/v1/movements").bodyValue(Map.of()).exchange()
                    .returnResult(byte[].class).getStatus().value());
        }
        assertThat(statuses.stream().filter(s -> s == 401).count()).isEqualTo(PER_MINUTE);
        assertThat(statuses.subList(PER_MINUTE, statuses.size())).containsOnly(429);
    }

    private static WebTestClient client(String from, int port) {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(
                        ConnectionProvider.newConnection()).bindAddress(() -> new InetSocketAddress(from, 0))))
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
    }
}
