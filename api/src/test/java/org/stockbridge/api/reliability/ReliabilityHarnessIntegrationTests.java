package org.stockbridge.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * N clients post movements with Idempotency-Keys for a fixed time while a killer terminates random API database
 * connections with {@code pg_terminate_backend}; clients retry with the same key until they get an answer. At the
 * end every acknowledged key must have been applied exactly once, balances must equal the sum of movements and
 * nothing may be negative. Duration and clients come from {@code -Dharness.seconds} and {@code -Dharness.clients}
 * (defaults: a short run inside the test suite; {@code benchmarks/reliability.sh} runs a long one).
 */
@DatabaseTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"stockbridge.reference.load-on-start=false", "stockbridge.demo.enabled=false",
                "stockbridge.shortages.load-on-start=false",
                "stockbridge.security.local-issuer.enabled=true",
                "stockbridge.security.local-issuer.key-file=${java.io.tmpdir}/stockbridge-test-local-issuer.json",
                "stockbridge.security.rate-limit.requests-per-second=1000000",
                "logging.level.org.stockbridge.api.web=OFF", "logging.level.io.r2dbc=OFF", "logging.level.reactor=OFF",
                "logging.level.org.springframework.transaction=OFF", "logging.level.org.springframework.r2dbc=OFF"})
class ReliabilityHarnessIntegrationTests {

    private static final String[] SITES = {"SNS-R01", "SNS-R06", "NESS-NAT"};
    private static final String[] LOTS = {"H-1", "H-2"};
    private static final String PRODUCT = "DIN-02240285";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalTokenIssuer issuer;

    private String token;

    @Test
    void every_acknowledged_key_is_applied_exactly_once_while_connections_are_killed() throws Exception {
        new CatalogueFixture(jdbc).load();
        token = issuer.mint("harness", List.of("read", "write"), "US CA", null, null, Duration.ofHours(1));
        int seconds = Integer.getInteger("harness.seconds", 8);
        int clients = Integer.getInteger("harness.clients", 8);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        AtomicLong attempts = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicLong abandoned = new AtomicLong();
        AtomicLong kills = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);

        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        pool.submit(() -> killer(deadline, kills));
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long seed = c;
            workers.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (System.nanoTime() < deadline) {
                    String key = UUID.randomUUID().toString();
                    String body = body(random, key);
                    for (int attempt = 0; ; attempt++) {
                        attempts.incrementAndGet();
                        Integer status = send(http, key, body);
                        if (status != null && (status == 201 || status == 409)) {
                            acknowledged.put(key, status);
                            break;
                        }
                        if (attempt == 50) {
                            abandoned.incrementAndGet();
                            break;
                        }
                        retries.incrementAndGet();
                        sleep(20 + random.nextInt(80));
                    }
                }
                return null;
            }));
        }
        for (var worker : workers) {
            worker.get(seconds + 120L, TimeUnit.SECONDS);
        }
        pool.shutdownNow();

        long applied = acknowledged.values().stream().filter(s -> s == 201).count();
        long refused = acknowledged.size() - applied;
        Map<String, Long> linesPerKey = new java.util.HashMap<>();
        jdbc.query("SELECT document_ref, count(*) FROM movement WHERE document_ref LIKE 'H:%' GROUP BY 1",
                rs -> { linesPerKey.put(rs.getString(1).substring(2), rs.getLong(2)); });
        long appliedTwice = linesPerKey.values().stream().filter(n -> n > 1).count();
        long ackedButMissing = acknowledged.entrySet().stream()
                .filter(e -> e.getValue() == 201 && !linesPerKey.containsKey(e.getKey())).count();
        long refusedButApplied = acknowledged.entrySet().stream()
                .filter(e -> e.getValue() == 409 && linesPerKey.containsKey(e.getKey())).count();
        Long mismatched = jdbc.queryForObject("SELECT count(*) FROM balance b LEFT JOIN (SELECT site_id, product_id, "
                + "lot_id, sum(quantity) AS total FROM movement GROUP BY 1, 2, 3) m USING (site_id, product_id, lot_id) "
                + "WHERE b.on_hand <> coalesce(m.total, 0)", Long.class);
        Long negative = jdbc.queryForObject("SELECT count(*) FROM balance WHERE on_hand < 0", Long.class);

        System.out.printf("%nreliability harness: %d s, %d clients%n", seconds, clients);
        System.out.printf("  connections killed       %d%n", kills.get());
        System.out.printf("  requests sent            %d (retries %d, keys abandoned %d)%n", attempts.get(),
                retries.get(), abandoned.get());
        System.out.printf("  keys acknowledged        %d (applied %d, refused for stock %d)%n", acknowledged.size(),
                applied, refused);
        System.out.printf("  applied more than once   %d%n", appliedTwice);
        System.out.printf("  acknowledged, not found  %d%n", ackedButMissing);
        System.out.printf("  refused, yet applied     %d%n", refusedButApplied);
        System.out.printf("  balances != sum of lines %d%n", mismatched);
        System.out.printf("  negative balances        %d%n%n", negative);

        assertThat(kills.get()).isPositive();
        assertThat(applied).isPositive();
        assertThat(appliedTwice).isZero();
        assertThat(ackedButMissing).isZero();
        assertThat(refusedButApplied).isZero();
        assertThat(mismatched).isZero();
        assertThat(negative).isZero();
    }

    private void killer(long deadline, AtomicLong kills) {
        SplittableRandom random = new SplittableRandom(42);
        while (System.nanoTime() < deadline) {
            sleep(150 + random.nextInt(350));
            try {
                Integer killed = jdbc.queryForObject("SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM "
                        + "pg_stat_activity WHERE application_name = 'stockbridge-api' AND datname = current_database() "
                        + "ORDER BY random() LIMIT 2) victims", Integer.class);
                kills.addAndGet(killed == null ? 0 : killed);
            } catch (RuntimeException e) {
                // the killer's own connection is never a victim; a failure here only skips one round
            }
        }
    }

    private Integer send(HttpClient http, String key, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/movements"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String body(SplittableRandom random, String key) {
        String site = SITES[random.nextInt(SITES.length)];
        String lot = LOTS[random.nextInt(LOTS.length)];
        boolean receipt = random.nextInt(3) == 0;
        long quantity = 1 + random.nextInt(receipt ? 40 : 15);
        return "{\"site\":\"" + site + "\",\"product\":\"" + PRODUCT + "\",\"type\":\"" + (receipt ? "RECEIPT" : "ISSUE")
                + "\",\"quantity\":" + quantity + ",\"lot\":{\"number\":\"" + lot + "\""
                + (receipt ? ",\"expiry\":\"" + LocalDate.of(2031, 1, 1) + "\"" : "") + "},\"documentRef\":\"H:" + key + "\"}";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
