package org.stockbridge.api;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

@ApiIntegrationTest
class StockPolicyApiIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
    }

    @Test
    void a_policy_is_created_without_if_match_and_read_back_with_its_etag() {
        web.put().uri("/api/v1/sites/SNS-R01/products/DIN-02240285/policy")
                .bodyValue(Map.of("safetyStock", 10, "reorderPoint", 20, "maxStock", 60, "reserveFloor", 5))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("ETag", "\"1\"");
        web.get().uri("/api/v1/sites/SNS-R01/products/DIN-02240285/policy").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().jsonPath("$.reorderPoint").isEqualTo(20).jsonPath("$.reserveFloor").isEqualTo(5);
    }

    @Test
    void changing_a_policy_needs_if_match_and_a_stale_version_is_refused() {
        web.put().uri("/api/v1/sites/SNS-R06/products/DIN-02240285/policy")
                .bodyValue(Map.of("safetyStock", 1, "reorderPoint", 2)).exchange().expectStatus().isCreated();

        web.put().uri("/api/v1/sites/SNS-R06/products/DIN-02240285/policy")
                .bodyValue(Map.of("safetyStock", 3, "reorderPoint", 4)).exchange()
                .expectStatus().isEqualTo(428)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/precondition-required");
        web.put().uri("/api/v1/sites/SNS-R06/products/DIN-02240285/policy").header("If-Match", "\"1\"")
                .bodyValue(Map.of("safetyStock", 3, "reorderPoint", 4)).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"2\"");
        web.put().uri("/api/v1/sites/SNS-R06/products/DIN-02240285/policy").header("If-Match", "\"1\"")
                .bodyValue(Map.of("safetyStock", 5, "reorderPoint", 6)).exchange()
                .expectStatus().isEqualTo(412)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/precondition-failed");
        web.get().uri("/api/v1/sites/SNS-R06/products/DIN-02240285/policy").exchange()
                .expectBody().jsonPath("$.safetyStock").isEqualTo(3);
    }

    @Test
    void an_inconsistent_policy_is_refused_naming_the_field() {
        web.put().uri("/api/v1/sites/NESS-NAT/products/DIN-02240285/policy")
                .bodyValue(Map.of("safetyStock", 10, "reorderPoint", 5)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("reorderPoint");
        web.put().uri("/api/v1/sites/NESS-NAT/products/DIN-02240285/policy")
                .bodyValue(Map.of("safetyStock", -1, "reorderPoint", 5)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("safetyStock");
    }

    @Test
    void a_policy_of_an_unknown_site_or_product_is_not_found() {
        web.get().uri("/api/v1/sites/NESS-NAT/products/NDC-23155-601/policy").exchange().expectStatus().isNotFound();
        web.put().uri("/api/v1/sites/NOWHERE/products/NDC-23155-601/policy")
                .bodyValue(Map.of("safetyStock", 1, "reorderPoint", 1)).exchange().expectStatus().isNotFound();
    }
}
