package org.stockbridge.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * A query parameter or path variable the framework cannot convert to the type the endpoint takes (a number, a
 * boolean) is refused as every other bad parameter is: an invalid-request problem naming the parameter, whose detail
 * says what the value must be and what it was.
 */
@ApiIntegrationTest
class ParameterConversionProblemsApiIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/shortage-reports?tier3=maybe          | tier3 | tier3 must be true or false, was maybe
            /api/v1/shortage-reports?limit=abc            | limit | limit must be a whole number, was abc
            /api/v1/shortage-reports/abc                  | id    | id must be a whole number, was abc
            /api/v1/shortage-reports/99999999999999999999 | id    | id must be a whole number from \
            -9223372036854775808 to 9223372036854775807, was 99999999999999999999
            /api/v1/risk/ingredients?limit=abc            | limit | limit must be a whole number, was abc
            /api/v1/sites?limit=2.5                       | limit | limit must be a whole number, was 2.5
            """)
    void a_value_of_the_wrong_type_is_an_invalid_request_whose_detail_says_what_it_must_be(String uri,
                                                                                        String parameter,
                                                                                        String detail) {
        web.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                .jsonPath("$.parameter").isEqualTo(parameter)
                .jsonPath("$.detail").isEqualTo(detail);
    }
}
