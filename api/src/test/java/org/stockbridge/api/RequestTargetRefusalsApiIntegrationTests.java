package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's target (its path and query as sent) is refused before the application reads it when it is longer than
 * the service reads (414) or is not a URI at all (400); both answer a problem like every other refusal, without
 * repeating the target. Only a request line beyond what the server reads at all (64 KB) still gets the server's bare
 * 414.
 */
@ApiIntegrationTest
class RequestTargetRefusalsApiIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** stockbridge.security.limits.max-uri-length by default. */
    private static final int MAX_URI = 4096;
    private static final String HEALTH = "/actuator/health?pad=";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    RawHttp http;

    @BeforeAll
    void client() {
        http = new RawHttp(port);
    }

    @Test
    void a_target_as_long_as_the_limit_is_answered() {
        String target = HEALTH + "a".repeat(MAX_URI - HEALTH.length());

        assertThat(target).hasSize(MAX_URI);
        assertThat(http.send("GET", target, null, Map.of(), null).status()).isEqualTo(200);
    }

    @Test
    void a_target_longer_than_the_limit_gets_a_problem_naming_the_limit() {
        String target = HEALTH + "a".repeat(MAX_URI + 1 - HEALTH.length());

        RawHttp.Answer answer = http.send("GET", target, null, Map.of(), null);

        JsonNode problem = problem(answer, 414);
        assertThat(problem.path("type").asString()).isEqualTo("https://stockbridge.dev/problems/uri-too-long");
        assertThat(problem.path("title").asString()).isEqualTo("URI Too Long");
        assertThat(problem.path("detail").asString()).isEqualTo("the request's target (its path and query) is 4097 "
                + "characters long, longer than the 4096 the service reads");
        assertThat(problem.path("maxLength").asInt()).isEqualTo(MAX_URI);
    }

    @Test
    void a_change_with_a_target_longer_than_the_limit_gets_the_problem_too() {
        RawHttp.Answer answer = http.send("POST", "/api/v1/movements?" + "x".repeat(10_000), null,
                Map.of("Content-Type", "application/json"), "{}");

        assertThat(problem(answer, 414).path("maxLength").asInt()).isEqualTo(MAX_URI);
    }

    @Test
    void a_request_line_beyond_what_the_server_reads_at_all_gets_its_bare_414() {
        RawHttp.Answer answer = http.send("GET", HEALTH + "a".repeat(70_000), null, Map.of(), null);

        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/sites\\SNS-R01", "/api/v1/sites/%zz", "/api/v1/sites/%4", "/api/v1/sites/{x}",
            "/api/v1/sites|x", "/api/v1/\"x\"", "/api/v1/sites/<script>", "/api/v1/sites/^x", "/api/v1/sites/`x`"})
    void a_target_that_is_not_a_uri_gets_a_problem_that_does_not_repeat_it(String target) {
        RawHttp.Answer answer = http.send("GET", target, null, Map.of(), null);

        JsonNode problem = problem(answer, 400);
        assertThat(problem.path("type").asString()).isEqualTo("https://stockbridge.dev/problems/invalid-request");
        assertThat(problem.path("title").asString()).isEqualTo("Bad Request");
        assertThat(problem.path("detail").asString()).isEqualTo("the request's target is not a URI: it holds a "
                + "character that must be percent-encoded, or a % not followed by two hexadecimal digits");
    }

    @Test
    void a_target_with_characters_a_uri_allows_still_reaches_the_application() {
        assertThat(http.send("GET", "/actuator/health?a=%20b&c=d:e@f!$'()*+,;~", null, Map.of(), null).status())
                .isEqualTo(200);
        assertThat(http.send("GET", "/api/v1/sites/%E2%9C%93", null, Map.of(), null).status()).isEqualTo(401);
    }

    /** A problem with the status, without the target as its instance and with the usual security headers. */
    private static JsonNode problem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
        assertThat(answer.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.has("instance")).isFalse();
        return problem;
    }
}
