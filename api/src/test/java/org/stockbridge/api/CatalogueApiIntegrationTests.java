package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

@ApiIntegrationTest
class CatalogueApiIntegrationTests {

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
    void health_is_up_and_includes_the_database() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP");
    }

    @Test
    void the_openapi_document_describes_the_catalogue_endpoints() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openapi").value(v -> assertThat((String) v).startsWith("3.1"))
                .jsonPath("$.paths['/api/v1/products/{code}/equivalents']").exists()
                .jsonPath("$.paths['/api/v1/sites']").exists();
    }

    @Test
    void sites_can_be_filtered_by_jurisdiction_and_region() {
        web.get().uri("/api/v1/sites?jurisdiction=US&region=HHS-6").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].code").isEqualTo("SNS-R06")
                .jsonPath("$.items[0].agency").isEqualTo("ASPR")
                .jsonPath("$.nextCursor").doesNotExist();
    }

    @Test
    void sites_are_paged_with_a_cursor_that_walks_every_site_exactly_once() {
        Map<?, ?> first = page("/api/v1/sites?limit=2");
        assertThat((List<?>) first.get("items")).hasSize(2);
        String cursor = (String) first.get("nextCursor");
        assertThat(cursor).isNotBlank();

        Map<?, ?> second = page("/api/v1/sites?limit=2&cursor=" + cursor);
        assertThat((List<?>) second.get("items")).hasSize(1);
        assertThat(second.get("nextCursor")).isNull();
        assertThat(codes(first)).doesNotContainAnyElementsOf(codes(second));
    }

    @Test
    void a_product_is_found_by_its_ndc_with_or_without_hyphens() {
        web.get().uri("/api/v1/products?ndc=2315560141").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].code").isEqualTo("NDC-23155-601");
        web.get().uri("/api/v1/products?din=02240285").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].code").isEqualTo("DIN-02240285")
                .jsonPath("$.items.length()").isEqualTo(1);
    }

    @Test
    void products_can_be_filtered_by_kind_atc_prefix_and_text() {
        web.get().uri("/api/v1/products?kind=ppe").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].code").isEqualTo("PPE-n95");
        web.get().uri("/api/v1/products?atc=N05&jurisdiction=CA").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1);
        web.get().uri("/api/v1/products?q=midaz").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2);
        web.get().uri("/api/v1/products?q=100%25").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void the_equivalents_of_a_canadian_product_are_its_us_counterparts_with_their_authorisation_in_each_country() {
        web.get().uri("/api/v1/products/DIN-02240285/equivalents?asOf=2026-11-28").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.equivalenceGroup.code").isEqualTo("EQ-MIDAZOLAM-5MG-ML-INJ")
                .jsonPath("$.equivalents.length()").isEqualTo(1)
                .jsonPath("$.equivalents[0].product.code").isEqualTo("NDC-23155-601")
                .jsonPath("$.equivalents[0].identifiers[?(@.system == 'NDC')].value")
                .value(v -> assertThat(v.toString()).contains("\"23155-601\"", "\"23155-601-41\""))
                .jsonPath("$.equivalents[0].authorisations[?(@.jurisdiction == 'US')].status").isEqualTo("AUTHORISED")
                .jsonPath("$.equivalents[0].authorisations[?(@.jurisdiction == 'CA')].status").isEqualTo("LAPSED");
    }

    @Test
    void during_its_exceptional_importation_window_the_us_product_is_authorised_in_canada() {
        web.get().uri("/api/v1/products/NDC-23155-601?asOf=2020-06-01").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.authorisations[?(@.jurisdiction == 'CA')].basis").isEqualTo("EXCEPTIONAL_IMPORTATION")
                .jsonPath("$.identifiers.length()").isEqualTo(3);
    }

    @Test
    void an_unknown_product_is_a_not_found_problem() {
        web.get().uri("/api/v1/products/NOPE").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/not-found")
                .jsonPath("$.detail").isEqualTo("no product with code NOPE");
    }

    @Test
    void bad_parameters_are_invalid_request_problems_naming_the_parameter() {
        web.get().uri("/api/v1/sites?jurisdiction=MX").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                .jsonPath("$.parameter").isEqualTo("jurisdiction");
        web.get().uri("/api/v1/sites?limit=100000").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("limit");
        web.get().uri("/api/v1/sites?limit=abc").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request");
        web.get().uri("/api/v1/sites?cursor=garbage").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("cursor");
        web.get().uri("/api/v1/products/DIN-02240285?asOf=yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("asOf");
    }

    @Test
    void an_unknown_path_is_a_not_found_problem_too() {
        web.get().uri("/api/v1/nothing-here").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/not-found");
    }

    private Map<?, ?> page(String uri) {
        return web.get().uri(uri).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private static List<Object> codes(Map<?, ?> page) {
        return ((List<?>) page.get("items")).stream().map(i -> (Object) ((Map<?, ?>) i).get("code")).toList();
    }
}
