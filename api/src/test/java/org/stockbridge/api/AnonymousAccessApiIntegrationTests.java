package org.stockbridge.api;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/** What a caller without a token may have: health without details. */
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
