package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Concurrent first writes of one stock policy: one creates it; the others are told a precondition failed (412, when
 * they raced it) or is required (428, when they came once it was there), and none leaves anything behind.
 */
@ApiIntegrationTest
class StockPolicyConcurrencyApiIntegrationTests {

    private static final int CONCURRENT = 8;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

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

    /** A status and the problem type of a refusal. */
    record Answer(int status, String body) {
    }

    @Test
    void concurrent_first_puts_of_a_policy_create_it_once_and_refuse_the_others_with_a_precondition_problem() {
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.create("race",
                        CONCURRENT * 2))))
                .defaultHeaders(headers -> headers.setBearerAuth(issuer.mint("admin"))).build();
        for (String site : List.of("SNS-R01", "SNS-R06", "NESS-NAT")) {
            for (String product : List.of("DIN-02240285", "NDC-23155-601", "PPE-n95")) {
                String path = "/api/v1/sites/" + site + "/products/" + product + "/policy";
                List<Answer> answers = Flux.range(0, CONCURRENT)
                        .flatMap(i -> client.put().uri(path).bodyValue(Map.of("safetyStock", i, "reorderPoint", 10 + i))
                                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                                        .map(body -> new Answer(response.statusCode().value(), body))), CONCURRENT)
                        .collectList().block(Duration.ofSeconds(60));
                assertThat(answers).as(path).extracting(Answer::status).isSubsetOf(201, 412, 428)
                        .filteredOn(status -> status == 201).hasSize(1);
                assertThat(answers).filteredOn(answer -> answer.status() == 412)
                        .allSatisfy(answer -> assertThat(answer.body()).contains("/problems/precondition-failed")
                                .contains("If-Match \\\"1\\\""));
                Map<String, Object> policy = jdbc.queryForMap("SELECT sp.version, sp.safety_stock FROM stock_policy sp "
                        + "JOIN site s ON s.id = sp.site_id JOIN product p ON p.id = sp.product_id "
                        + "WHERE s.code = ? AND p.code = ?", site, product);
                assertThat(((Number) policy.get("version")).longValue()).isEqualTo(1);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE path = ? AND outcome = 'APPLIED'",
                        Long.class, path)).isEqualTo(1);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM change_event WHERE kind = 'policy' "
                        + "AND entity_key = ?", Long.class, site + "/" + product)).isEqualTo(1);
            }
        }
    }
}
