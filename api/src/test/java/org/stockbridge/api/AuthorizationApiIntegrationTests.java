package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The access decision is made on the endpoint the router reaches, whatever the path looks like, and on tokens that say
 * who they are for and where their holder acts. Each case was found against the running service from the outside.
 */
@ApiIntegrationTest
class AuthorizationApiIntegrationTests {

    private static final String JSON = "application/json";

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

    RawHttp http;

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
        http = new RawHttp(port);
    }

    @Test
    void a_percent_encoded_letter_does_not_open_the_audit_log_to_a_partner() {
        String partner = issuer.mint("ny-state-partner");

        RawHttp.Answer plain = http.send("GET", "/api/v1/audit", partner, Map.of(), null);
        RawHttp.Answer encoded = http.send("GET", "/api/v1/aud%69t", partner, Map.of(), null);
        RawHttp.Answer encodedPrefix = http.send("GET", "/%61pi/v1/audit", partner, Map.of(), null);

        assertThat(plain.status()).isEqualTo(403);
        assertThat(encoded.status()).isEqualTo(403);
        assertThat(encoded.body()).contains("\"requiredScope\":\"admin\"");
        assertThat(encodedPrefix.status()).isEqualTo(403);
    }

    @Test
    void a_manager_without_the_admin_scope_cannot_close_a_border_crossing_through_an_encoded_path() {
        String manager = issuer.mint("aspr-manager");
        long before = jdbc.queryForObject("SELECT version FROM border_crossing WHERE name = 'Detroit-Windsor'",
                Long.class);

        RawHttp.Answer answer = http.send("PUT", "/api/v1/border-cross%69ngs/Detroit-Windsor", manager,
                Map.of("Content-Type", JSON, "If-Match", "\"" + before + "\""),
                "{\"delayDays\":0,\"open\":false,\"note\":\"closed by a walk-around\"}");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT open FROM border_crossing WHERE name = 'Detroit-Windsor'",
                Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("SELECT version FROM border_crossing WHERE name = 'Detroit-Windsor'",
                Long.class)).isEqualTo(before);
    }

    @Test
    void a_partner_does_not_reach_the_upload_of_data_files_through_an_encoded_path() {
        RawHttp.Answer answer = http.send("POST", "/api/v1/ingest%69ons", issuer.mint("ny-state-partner"),
                Map.of("Content-Type", "multipart/form-data; boundary=b"),
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\na,b\r\n--b--\r\n");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("WWW-Authenticate")).contains("insufficient_scope");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ingestion_run", Long.class)).isZero();
    }

    @Test
    void paths_that_could_be_read_two_ways_are_refused_outright() {
        String admin = issuer.mint("admin");
        for (String path : List.of("/api/v1/audit;x=1", "/api/v1//audit", "/api/v1/./audit", "/api/v1/x/../audit",
                "/api/v1/x/%2e%2e/audit", "/api/v1/sites%2FSNS-R01", "/api/v1/sites/SNS-R01%2f", "/api/v1/%2561udit",
                "/api/v1/sites\\SNS-R01", "/api/v1/sites/%00")) {
            assertThat(http.send("GET", path, admin, Map.of(), null).status()).as(path).isEqualTo(400);
            assertThat(http.send("GET", path, null, Map.of(), null).status()).as(path).isEqualTo(400);
        }
    }

    @Test
    void a_token_that_names_no_jurisdiction_agency_or_sites_is_refused_whatever_its_scopes() {
        String claimless = issuer.mint("claimless", TestSecurity.ALL_SCOPES, null, null, null, Duration.ofMinutes(5));

        RawHttp.Answer read = http.send("GET", "/api/v1/sites", claimless, Map.of(), null);
        RawHttp.Answer write = http.send("POST", "/api/v1/movements", claimless, Map.of("Content-Type", JSON,
                "Idempotency-Key", "claimless-1"), "{\"site\":\"SNS-R01\",\"product\":\"DIN-02240285\","
                + "\"type\":\"RECEIPT\",\"quantity\":5,\"lot\":{\"number\":\"CL-1\",\"expiry\":\"2030-01-01\"}}");

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.body()).contains("names no jurisdiction, agency or sites");
        assertThat(write.status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement", Long.class)).isZero();
    }

    @Test
    void a_token_naming_both_countries_acts_in_both_and_an_unknown_country_is_refused() {
        String both = issuer.mint("official", List.of("read"), "US CA", null, null, Duration.ofMinutes(5));
        String unknown = issuer.mint("official", List.of("read"), "MX", null, null, Duration.ofMinutes(5));

        assertThat(http.send("GET", "/api/v1/sites", both, Map.of(), null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/api/v1/sites", unknown, Map.of(), null).status()).isEqualTo(403);
    }

    @Test
    void a_token_issued_for_another_service_or_for_no_one_is_refused() {
        String other = issuer.mint("admin", TestSecurity.ALL_SCOPES, "US CA", null, null, Duration.ofMinutes(5),
                List.of("another-service"));
        String none = issuer.mint("admin", TestSecurity.ALL_SCOPES, "US CA", null, null, Duration.ofMinutes(5),
                List.of());
        String ours = issuer.mint("admin", TestSecurity.ALL_SCOPES, "US CA", null, null, Duration.ofMinutes(5),
                List.of("another-service", "stockbridge"));

        RawHttp.Answer refused = http.send("GET", "/api/v1/sites", other, Map.of(), null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(http.send("GET", "/api/v1/sites", none, Map.of(), null).status()).isEqualTo(401);
        assertThat(http.send("GET", "/api/v1/sites", ours, Map.of(), null).status()).isEqualTo(200);
    }

    @Test
    void a_path_no_endpoint_answers_is_unauthorised_without_a_token_and_not_found_with_one() {
        assertThat(http.send("GET", "/api/v1/nothing-here", null, Map.of(), null).status()).isEqualTo(401);
        assertThat(http.send("GET", "/api/v1/nothing-here", issuer.mint("admin"), Map.of(), null).status())
                .isEqualTo(404);
        assertThat(http.send("DELETE", "/api/v1/audit", issuer.mint("admin"), Map.of(), null).status())
                .isEqualTo(405);
        assertThat(http.send("DELETE", "/api/v1/audit", issuer.mint("ny-state-partner"), Map.of(), null).status())
                .isEqualTo(405);
    }
}
