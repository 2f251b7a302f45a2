package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/** What a caller without a token may have: local tokens only on this machine's own pages, health without details. */
@ApiIntegrationTest
class AnonymousAccessApiIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    LocalTokenIssuer issuer;

    @LocalServerPort
    int port;

    @Test
    void the_dashboard_on_this_machine_gets_local_tokens_and_clients() {
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "localhost")) {
            anonymous().post().uri("/auth/local-token?client=aspr-manager").header("Host", host)
                    .header("Origin", "http://" + host).exchange().expectStatus().isOk();
            anonymous().get().uri("/auth/local-clients").header("Host", host).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$[0].client").exists();
        }
        anonymous().post().uri("/auth/local-token?client=aspr-manager").header("Host", "localhost:" + port)
                .exchange().expectStatus().isOk();
    }

    @Test
    void a_request_naming_a_foreign_host_gets_no_local_token_and_is_told_why() {
        for (String host : List.of("evil.example", "evil.example:" + port, "localhost.evil.example", "127.0.0.2")) {
            anonymous().post().uri("/auth/local-token?client=admin").header("Host", host).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/forbidden")
                    .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("Host"));
            anonymous().get().uri("/auth/local-clients").header("Host", host).exchange().expectStatus().isForbidden();
        }
    }

    @Test
    void a_page_of_a_foreign_origin_gets_no_local_token_and_is_told_why() {
        for (String origin : List.of("http://evil.example", "http://evil.example:" + port, "null",
                "http://localhost.evil.example:" + port)) {
            anonymous().post().uri("/auth/local-token?client=admin").header("Host", "localhost:" + port)
                    .header("Origin", origin).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("Origin"));
            anonymous().get().uri("/auth/local-clients").header("Host", "localhost:" + port).header("Origin", origin)
                    .exchange().expectStatus().isForbidden();
        }
    }

    @Test
    void health_shows_an_anonymous_caller_only_its_status() {
        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist()
                .jsonPath("$.details").doesNotExist();
        as(issuer.mint("health-official")).get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
    }

    @Test
    void health_shows_an_administrator_the_database_and_disk_details() {
        as(issuer.mint("admin")).get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.details.database").isEqualTo("PostgreSQL")
                .jsonPath("$.components.diskSpace.details.total").exists();
    }

    private WebTestClient anonymous() {
        return web.mutate().defaultHeaders(headers -> headers.remove("Authorization")).build();
    }

    private WebTestClient as(String token) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
    }
}
