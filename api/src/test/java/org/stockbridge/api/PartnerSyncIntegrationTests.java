package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import org.stockbridge.partner.PartnerClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference partner client, run as its own process and killed at random moments while movements flow, ends with
 * exactly the server's state of its sites: every balance equal, every movement of its sites once, nothing else.
 */
@ApiIntegrationTest
class PartnerSyncIntegrationTests {

    private static final String PRODUCT = "DIN-02240285";
    private static final List<String> OWN = List.of("SNS-R01", "SNS-R06");
    private static final List<String> ALL = List.of("SNS-R01", "SNS-R06", "NESS-NAT");
    private static final List<String> LOTS = List.of("S-1", "S-2", "S-3");

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
    void stock() {
        new CatalogueFixture(jdbc).load();
        for (String site : ALL) {
            for (String lot : LOTS) {
                post(receipt(site, lot, 500));
            }
        }
    }

    @Test
    void a_client_killed_at_random_points_while_changes_flow_ends_with_exactly_the_servers_state(@TempDir Path store)
            throws Exception {
        String token = issuer.mint("test-partner", List.of("read", "write"), "US", null, OWN, Duration.ofHours(1));
        Process first = start(token, store, true);
        try {
            assertThat(first.waitFor(120, TimeUnit.SECONDS)).as("the client bootstrapped").isTrue();
        } finally {
            first.destroyForcibly();
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong posted = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            long seed = w;
            writers.add(new Thread(() -> write(seed, writing, posted)));
        }
        writers.forEach(Thread::start);
        SplittableRandom random = new SplittableRandom(11);
        int kills = 0;
        for (int round = 0; round < 6; round++) {
            Process client = start(token, store, false);
            Thread.sleep(1000 + random.nextInt(2000));
            client.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            kills++;
        }
        writing.set(false);
        for (Thread writer : writers) {
            writer.join();
        }
        // --until-head follows to the feed's head, and the head moves only when the sequencer numbers committed events;
        // it numbers none while a transaction older than them runs anywhere on the server, so wait until it has
        // numbered every write before the client's last run
        FeedPositions.awaitAllPositioned(jdbc);
        Process last = start(token, store, true);
        try {
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the client caught up").isTrue();
        } finally {
            last.destroyForcibly();
        }
        assertThat(last.exitValue()).isZero();

        JsonNode state = JsonMapper.builder().build().readTree(Files.readString(store.resolve("state.json")));
        long bootstrapHead = state.get("bootstrapHead").asLong();
        Map<String, Long> local = new HashMap<>();
        state.get("balances").properties().forEach(e -> local.put(e.getKey(), e.getValue().get("onHand").asLong()));
        Map<String, Long> server = new HashMap<>();
        jdbc.query("SELECT s.code || '|' || p.code || '|' || l.lot_number AS key, b.on_hand FROM balance b "
                        + "JOIN site s ON s.id = b.site_id JOIN product p ON p.id = b.product_id "
                        + "JOIN lot l ON l.id = b.lot_id WHERE s.code = ANY(?)",
                rs -> { server.put(rs.getString("key"), rs.getLong("on_hand")); }, (Object) OWN.toArray(String[]::new));
        TreeSet<Long> localMovements = new TreeSet<>();
        state.get("movements").forEach(id -> localMovements.add(id.asLong()));
        List<Long> serverMovements = new ArrayList<>(jdbc.queryForList("""
                SELECT (e.payload -> 'movement' ->> 'id')::bigint FROM change_event e JOIN site s ON s.id = e.site_id
                 WHERE e.kind = 'movement' AND e.position > ? AND s.code = ANY(?) ORDER BY 1""", Long.class,
                bootstrapHead, OWN.toArray(String[]::new)));

        System.out.printf("partner sync: %d movements posted, client killed %d times, %d balances, %d movements "
                + "followed%n", posted.get(), kills, local.size(), localMovements.size());
        assertThat(posted.get()).isGreaterThan(30);
        assertThat(local).isEqualTo(server);
        assertThat(state.get("duplicates").asLong()).isZero();
        assertThat(localMovements).containsExactlyElementsOf(serverMovements);
        assertThat(local.keySet()).noneMatch(key -> key.startsWith("NESS-NAT"));
    }

    @Test
    void a_client_whose_sites_had_no_change_since_its_last_run_catches_up_past_the_changes_of_other_sites(
            @TempDir Path store) throws Exception {
        String token = issuer.mint("test-partner", List.of("read"), "US", null, OWN, Duration.ofHours(1));
        Process first = start(token, store, true);
        try {
            assertThat(first.waitFor(120, TimeUnit.SECONDS)).as("the client bootstrapped").isTrue();
        } finally {
            first.destroyForcibly();
        }
        long cursor = savedCursor(store);
        for (String lot : LOTS) {
            post(receipt("NESS-NAT", lot, 1));
        }
        long head = FeedPositions.awaitAllPositioned(jdbc);
        assertThat(head).as("the feed moved past the client's cursor").isGreaterThan(cursor);

        Process again = start(token, store, true);
        try {
            assertThat(again.waitFor(120, TimeUnit.SECONDS)).as("the client caught up").isTrue();
        } finally {
            again.destroyForcibly();
        }
        assertThat(again.exitValue()).isZero();
        assertThat(savedCursor(store)).as("the saved cursor is the head, past changes the client may not see")
                .isEqualTo(head);
    }

    private static long savedCursor(Path store) throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(store.resolve("state.json"))).get("after")
                .asLong();
    }


    private void write(long seed, AtomicBoolean writing, AtomicLong posted) {
        SplittableRandom random = new SplittableRandom(seed);
        while (writing.get()) {
            String site = ALL.get(random.nextInt(ALL.size()));
            String lot = LOTS.get(random.nextInt(LOTS.size()));
            boolean receipt = random.nextInt(3) == 0;
            Map<String, Object> movement = receipt ? receipt(site, lot, 1 + random.nextInt(20))
                    : Map.of("site", site, "product", PRODUCT, "type", "ISSUE", "quantity", 1 + random.nextInt(8),
                    "lot", Map.of("number", lot));
            int status = web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                    .bodyValue(movement).exchange().returnResult(String.class).getStatus().value();
            if (status == 201) {
                posted.incrementAndGet();
            }
        }
    }

    private Process start(String token, Path store, boolean untilHead) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), PartnerClient.class.getName(),
                "--server", "http://localhost:" + port, "--token", token, "--store", store.toString()));
        if (untilHead) {
            command.add("--until-head");
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(store.toFile(), "client.log"))).start();
    }

    private void post(Map<String, Object> movement) {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(movement).exchange().expectStatus().isCreated();
    }

    private static Map<String, Object> receipt(String site, String lot, int quantity) {
        return Map.of("site", site, "product", PRODUCT, "type", "RECEIPT", "quantity", quantity,
                "lot", Map.of("number", lot, "expiry", LocalDate.now().plusYears(2).toString()));
    }
}
