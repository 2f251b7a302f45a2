package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

/** The service as a user starts it, with the reference data loaded from the real files at start. */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.reference.load-on-start=true",
        "stockbridge.reference.data-directory=../data/real"})
class ReferenceDataApiIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Test
    void a_clean_meds_din_comes_back_with_its_us_equivalents_and_their_ndcs() {
        web.get().uri("/api/v1/products?din=00028606").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].code").isEqualTo("DIN-00028606")
                .jsonPath("$.items[0].name").isEqualTo("ALDACTONE 25 MG");
        web.get().uri("/api/v1/products/DIN-00028606/equivalents").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.equivalenceGroup.essential").isEqualTo(true)
                .jsonPath("$.equivalents[?(@.product.marketJurisdiction == 'US')].product.code")
                .value(codes -> assertThat(codes.toString()).contains("NDC-0025-1001"))
                .jsonPath("$.equivalents[?(@.product.code == 'NDC-0025-1001')].identifiers[?(@.system == 'NDC')].value")
                .value(ndcs -> assertThat(ndcs.toString()).contains("0025-1001-31"))
                .jsonPath("$.equivalents[?(@.product.code == 'NDC-0025-1001')].authorisations[?(@.jurisdiction == 'US')]"
                        + ".status").value(s -> assertThat(s.toString()).contains("AUTHORISED"));
    }

    @Test
    void the_national_and_regional_depots_of_both_countries_are_listed() {
        web.get().uri("/api/v1/sites?agency=ASPR").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(10);
        web.get().uri("/api/v1/sites?agency=PHAC&limit=100").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(14);
        web.get().uri("/api/v1/sites?kind=DISPENSING&region=HHS-10&limit=5").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items[0].latitude").exists();
    }

    @Test
    void evusheld_is_found_by_its_package_ndc_with_its_lapsed_emergency_use_authorisation() {
        web.get().uri("/api/v1/products?ndc=0310-7442-02").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items[0].code").isEqualTo("NDC-0310-7442");
        web.get().uri("/api/v1/products/NDC-0310-7442?asOf=2022-02-01").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.authorisations[?(@.jurisdiction == 'US')].basis").isEqualTo("EUA");
        web.get().uri("/api/v1/products/NDC-0310-7442?asOf=2024-01-01").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.authorisations[?(@.jurisdiction == 'US')].status").isEqualTo("LAPSED");
    }
}
