package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.stockbridge.api.audit.RefusalSummaries;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Spring Security's strict firewall refuses (a path that could be read two ways, a header holding control
 * characters, a method it does not know) answers 400 as every other refusal does: an invalid-request problem whose
 * detail says what was refused in words of its own, never repeating the request's path or header back (a header first
 * read by a handler is refused so too, after the path passed). Such refusals of changes are still summarised in the
 * audit log. The audit summaries' interval is an hour here, so that a test
 * decides when they are written.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.security.unauthenticated.audit-interval=PT1H")
class FirewallRefusalsApiIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RefusalSummaries summaries;

    @LocalServerPort
    int port;

    RawHttp http;

    @BeforeAll
    void client() {
        http = new RawHttp(port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/audit;x=1           | a semicolon
            /api/v1/audit%3Bx=1         | a semicolon
            /api/v1//audit              | an empty segment
            /api/v1/x/%2e%2e/audit      | an encoded dot
            /api/v1/sites%2FSNS-R01     | an encoded slash
            /api/v1/%2561udit           | an encoded percent sign
            /api/v1/sites%5cSNS-R01     | a backslash
            /api/v1/sites/%00           | a control character
            /api/v1/sites/%0d%0aX:1     | a control character
            /api/v1/./audit             | a . or .. segment
            /api/v1/x/../audit          | a . or .. segment
            """)
    void a_path_that_could_be_read_two_ways_gets_a_problem_saying_what_it_holds(String path, String holds) {
        for (String token : new String[] {issuer.mint("admin"), null}) {
            RawHttp.Answer answer = http.send("GET", path, token, Map.of(), null);

            JsonNode problem = refused(answer);
            assertThat(problem.path("detail").asString()).as(path)
                    .startsWith("the request's path holds " + holds + ",");
        }
    }

    @Test
    void a_header_value_holding_a_control_character_gets_a_problem_that_does_not_repeat_it() {
        RawHttp.Answer answer = http.send("GET", "/api/v1/sites", "not\u0081a-token", Map.of(), null);

        JsonNode problem = refused(answer);
        assertThat(problem.path("detail").asString())
                .isEqualTo("the value of a request header holds a control character or an unassigned code point")
                .doesNotContain("not");
    }

    @Test
    void a_header_the_handler_reads_holding_a_control_character_is_refused_as_any_other() {
        RawHttp.Answer answer = http.send("POST", "/api/v1/movements", issuer.mint("admin"),
                Map.of("Content-Type", "application/json", "Idempotency-Key", "key\u0085one"), "{}");

        JsonNode problem = problem(answer);
        assertThat(problem.path("detail").asString())
                .isEqualTo("the value of a request header holds a control character or an unassigned code point");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/movements");
    }

    @Test
    void a_method_the_firewall_does_not_know_gets_a_problem() {
        RawHttp.Answer answer = http.send("BREW", "/api/v1/sites", issuer.mint("admin"), Map.of(), null);

        assertThat(refused(answer).path("detail").asString()).isEqualTo(
                "the request's method is not one the service accepts");
    }

    @Test
    void a_refused_change_without_a_caller_is_still_counted_in_the_audit_summaries() {
        summaries.flush().block(Duration.ofSeconds(30));
        long before = refusedChanges();

        for (int i = 0; i < 3; i++) {
            assertThat(http.send("POST", "/api/v1/movements;x=1", null, Map.of("Content-Type", "application/json"),
                    "{}").status()).isEqualTo(400);
        }
        summaries.flush().block(Duration.ofSeconds(30));

        assertThat(refusedChanges() - before).isEqualTo(3);
    }

    private long refusedChanges() {
        return jdbc.queryForObject("SELECT coalesce(sum(coalesce(occurrences, 1)), 0) FROM audit_event "
                + "WHERE status = 400 AND outcome = 'REFUSED' AND client IS NULL", Long.class);
    }

    /** A 400 invalid-request problem without the refused path as its instance; its document. */
    private static JsonNode refused(RawHttp.Answer answer) {
        JsonNode problem = problem(answer);
        assertThat(problem.has("instance")).isFalse();
        return problem;
    }

    /** A 400 invalid-request problem; its document. */
    private static JsonNode problem(RawHttp.Answer answer) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://stockbridge.dev/problems/invalid-request");
        assertThat(problem.path("title").asString()).isEqualTo("Bad Request");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("traceId").asString()).isNotBlank();
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        return problem;
    }
}
