package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/** Each security rule of the API: tokens, scopes, jurisdictions, partners' own sites, limits and the audit log. */
@ApiIntegrationTest
class SecurityApiIntegrationTests {

    private static final String LOT = "SEC-1";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalTokenIssuer issuer;

    @BeforeAll
    void stock() {
        new CatalogueFixture(jdbc).load();
        for (String site : List.of("SNS-R01", "SNS-R06", "NESS-NAT")) {
            web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                    .bodyValue(receipt(site, 100)).exchange().expectStatus().isCreated();
        }
    }

    @Test
    void a_request_without_a_token_is_refused_with_401_and_a_bearer_challenge() {
        anonymous().get().uri("/api/v1/sites").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/unauthorized");
    }

    @Test
    void a_forged_or_expired_token_is_refused_with_401() {
        String good = issuer.mint("official", List.of("read"), "US CA", null, null, Duration.ofMinutes(5));
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        anonymous().get().uri("/api/v1/sites").header("Authorization", "Bearer " + forged).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value("WWW-Authenticate", v -> assertThat(v).contains("invalid_token"));
        String expired = issuer.mint("official", List.of("read"), "US CA", null, null, Duration.ofSeconds(-120));
        anonymous().get().uri("/api/v1/sites").header("Authorization", "Bearer " + expired).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void a_token_without_an_expiry_or_a_subject_is_refused_with_401_naming_what_it_lacks() {
        Map<String, Object> manager = Map.of("aud", List.of("stockbridge"), "scope", "read write",
                "jurisdiction", "US");
        Map<String, Object> noExpiry = new java.util.HashMap<>(manager);
        noExpiry.put("sub", "forever");
        Map<String, Object> noSubject = new java.util.HashMap<>(manager);
        noSubject.put("exp", java.time.Instant.now().plus(Duration.ofMinutes(5)));
        Map<String, Object> blankSubject = new java.util.HashMap<>(noSubject);
        blankSubject.put("sub", " ");
        for (Map.Entry<Map<String, Object>, String> token : Map.of(noExpiry, "exp is required",
                noSubject, "no subject (sub)", blankSubject, "no subject (sub)").entrySet()) {
            anonymous().get().uri("/api/v1/sites").header("Authorization", "Bearer " + issuer.sign(token.getKey()))
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().value("WWW-Authenticate", v -> assertThat(v).contains("invalid_token"))
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains(token.getValue()));
        }
    }

    @Test
    void a_present_but_empty_agency_or_sites_claim_is_refused_rather_than_taken_as_a_whole_jurisdiction() {
        List<Map.Entry<String, Object>> emptyClaims = List.of(Map.entry("agency", ""), Map.entry("agency", " "),
                Map.entry("sites", List.of()), Map.entry("sites", List.of(" ")));
        for (Map.Entry<String, Object> claim : emptyClaims) {
            String token = issuer.sign(Map.of("sub", "misconfigured-partner", "aud", List.of("stockbridge"),
                    "exp", java.time.Instant.now().plus(Duration.ofMinutes(5)), "scope", "read write",
                    "jurisdiction", "US", claim.getKey(), claim.getValue()));
            as(token).get().uri("/api/v1/sites").exchange()
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/forbidden")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("token's " + claim.getKey() + " claim is present but names nothing"));
            as(token).post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                    .bodyValue(receipt("SNS-R01", 5)).exchange()
                    .expectStatus().isForbidden();
        }
        // an agency that exists nowhere is a partner with no sites, not a manager
        String unknownAgency = issuer.mint("lost-partner", List.of("read", "write"), "US", "NO-SUCH", null,
                Duration.ofMinutes(5));
        as(unknownAgency).get().uri("/api/v1/sites").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void every_answer_carries_the_security_headers_refusals_included_and_a_page_keeps_its_own_caching() {
        for (WebTestClient.ResponseSpec answer : List.of(web.get().uri("/api/v1/sites").exchange(),
                anonymous().get().uri("/api/v1/sites").exchange(),
                as(issuer.mint("aspr-manager")).get().uri("/api/v1/audit").exchange(),
                web.get().uri("/api/v1/sites/NOWHERE").exchange())) {
            answer.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().valueEquals("X-XSS-Protection", "0")
                    .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                    .expectHeader().valueEquals("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
                    .expectHeader().valueEquals("Pragma", "no-cache")
                    .expectHeader().valueEquals("Expires", "0")
                    .expectHeader().doesNotExist("Strict-Transport-Security");
        }
        anonymous().get().uri("/app/").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-cache")
                .expectHeader().doesNotExist("Pragma")
                .expectHeader().valueEquals("X-Frame-Options", "DENY");
    }

    @Test
    void the_dashboards_pages_may_load_only_their_own_files_and_an_api_answer_nothing_at_all() {
        String page = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        for (String uri : List.of("/", "/app", "/app/", "/app/index.html", "/app/js/main.js", "/app/config")) {
            anonymous().get().uri(uri).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("Content-Security-Policy", page);
        }
        for (WebTestClient.ResponseSpec answer : List.of(web.get().uri("/api/v1/sites").exchange(),
                anonymous().get().uri("/api/v1/sites").exchange(), web.get().uri("/api/v1/nowhere").exchange(),
                anonymous().get().uri("/actuator/health").exchange(),
                anonymous().get().uri("/v3/api-docs").exchange())) {
            answer.expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
    }

    @Test
    void health_and_the_api_document_need_no_token() {
        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk();
        anonymous().get().uri("/v3/api-docs").exchange().expectStatus().isOk();
    }

    @Test
    void a_token_without_the_write_scope_may_read_but_not_post() {
        WebTestClient official = as(issuer.mint("health-official"));
        official.get().uri("/api/v1/sites/SNS-R01/stock").exchange().expectStatus().isOk();
        official.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("SNS-R01", 5)).exchange()
                .expectStatus().isForbidden()
                .expectHeader().value("WWW-Authenticate", v -> assertThat(v).contains("insufficient_scope"))
                .expectBody().jsonPath("$.requiredScope").isEqualTo("write");
    }

    @Test
    void the_audit_log_needs_the_admin_scope() {
        as(issuer.mint("aspr-manager")).get().uri("/api/v1/audit").exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/audit").exchange().expectStatus().isOk();
    }

    @Test
    void a_manager_reads_both_countries_but_changes_stock_only_in_their_own() {
        WebTestClient aspr = as(issuer.mint("aspr-manager"));
        aspr.get().uri("/api/v1/sites/NESS-NAT/stock").exchange().expectStatus().isOk();
        aspr.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("NESS-NAT", 5)).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("acts in US"));
        aspr.put().uri("/api/v1/sites/NESS-NAT/products/DIN-02240285/policy")
                .bodyValue(Map.of("safetyStock", 1, "reorderPoint", 2)).exchange().expectStatus().isForbidden();
        aspr.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("SNS-R01", 5)).exchange().expectStatus().isCreated();
    }

    @Test
    void a_partner_sees_and_changes_only_its_own_sites_and_learns_nothing_of_the_others() {
        WebTestClient partner = as(issuer.mint("r6-partner", List.of("read", "write"), "US", null,
                List.of("SNS-R06"), Duration.ofMinutes(10)));
        partner.get().uri("/api/v1/sites/SNS-R06/stock").exchange().expectStatus().isOk();
        partner.get().uri("/api/v1/sites/SNS-R01/stock").exchange().expectStatus().isNotFound();
        partner.get().uri("/api/v1/sites/SNS-R01").exchange().expectStatus().isNotFound();
        partner.get().uri("/api/v1/sites/SNS-R01/products/DIN-02240285/lots/" + LOT + "/balance").exchange()
                .expectStatus().isNotFound();
        partner.get().uri("/api/v1/sites/SNS-R01/products/DIN-02240285/consumption").exchange()
                .expectStatus().isNotFound();
        partner.get().uri("/api/v1/sites").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].code").isEqualTo("SNS-R06");
        partner.get().uri("/api/v1/products/DIN-02240285/stock").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.totals[0].onHand").isEqualTo(100).jsonPath("$.totals[1].onHand").isEqualTo(0);
        partner.get().uri("/api/v1/movements").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].site").value(sites -> assertThat((List<Object>) sites).containsOnly("SNS-R06"));

        partner.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("SNS-R01", 5)).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("no site with code SNS-R01");
        partner.get().uri("/api/v1/sites/SNS-R01/products/DIN-02240285/policy").exchange().expectStatus().isNotFound();
        long elsewhere = jdbc.queryForObject("SELECT max(m.id) FROM movement m JOIN site s ON s.id = m.site_id "
                + "WHERE s.code = 'SNS-R01'", Long.class);
        partner.post().uri("/api/v1/movements/" + elsewhere + "/reversal")
                .header("Idempotency-Key", UUID.randomUUID().toString()).exchange().expectStatus().isNotFound();
        partner.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("SNS-R06", 5)).exchange().expectStatus().isCreated();
    }

    @Test
    void an_oversized_body_is_refused_with_413_before_it_is_read() {
        String huge = "{\"documentRef\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(huge).exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/payload-too-large");
    }

    @Test
    void malformed_json_and_unknown_fields_are_refused_with_400() {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"site\": \"SNS-R01\", ").exchange()
                .expectStatus().isBadRequest();
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"site\":\"SNS-R01\",\"product\":\"PPE-n95\",\"type\":\"RECEIPT\",\"quantity\":1,"
                        + "\"colour\":\"red\"}").exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void every_write_leaves_an_audit_row_with_who_what_and_how_it_ended() {
        String key = UUID.randomUUID().toString();
        as(issuer.mint("aspr-manager")).post().uri("/api/v1/movements").header("Idempotency-Key", key)
                .header("X-Actor", "jdoe").bodyValue(receipt("SNS-R01", 3)).exchange().expectStatus().isCreated();
        as(issuer.mint("health-official")).post().uri("/api/v1/movements")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(receipt("SNS-R01", 3)).exchange()
                .expectStatus().isForbidden();
        anonymous().post().uri("/api/v1/movements").bodyValue(receipt("SNS-R01", 3)).exchange()
                .expectStatus().isUnauthorized();

        Map<String, Object> applied = jdbc.queryForMap("SELECT * FROM audit_event WHERE idempotency_key = ?", key);
        assertThat(applied).containsEntry("client", "aspr-manager").containsEntry("actor", "aspr-manager/jdoe")
                .containsEntry("method", "POST").containsEntry("path", "/api/v1/movements")
                .containsEntry("status", 201).containsEntry("outcome", "APPLIED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE client = 'health-official' "
                + "AND status = 403 AND outcome = 'REFUSED'", Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE client IS NULL AND status = 401",
                Long.class)).isPositive();
        web.get().uri("/api/v1/audit?client=aspr-manager&outcome=APPLIED").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].idempotencyKey").isEqualTo(key);
    }

    @Test
    void a_policy_change_is_audited_with_its_state_before_and_after() {
        web.put().uri("/api/v1/sites/SNS-R06/products/PPE-n95/policy")
                .bodyValue(Map.of("safetyStock", 10, "reorderPoint", 20)).exchange().expectStatus().isCreated();
        web.put().uri("/api/v1/sites/SNS-R06/products/PPE-n95/policy").header("If-Match", "\"1\"")
                .bodyValue(Map.of("safetyStock", 15, "reorderPoint", 30)).exchange().expectStatus().isOk();
        Map<String, Object> change = jdbc.queryForMap("SELECT before_state::text AS before, after_state::text AS after "
                + "FROM audit_event WHERE method = 'PUT' AND path LIKE '%SNS-R06/products/PPE-n95/policy' "
                + "AND status = 200");
        assertThat(change.get("before").toString()).contains("\"safetyStock\": 10");
        assertThat(change.get("after").toString()).contains("\"safetyStock\": 15");
    }

    @Test
    void the_audit_log_cannot_be_rewritten() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event"))
                .hasMessageContaining("append-only");
    }

    @Test
    void local_tokens_are_issued_to_known_demo_clients_from_this_machine() {
        String token = anonymous().post().uri("/auth/local-token?client=phac-manager").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        as(token).get().uri("/api/v1/sites/NESS-NAT").exchange().expectStatus().isOk();
        anonymous().post().uri("/auth/local-token?client=nobody").exchange().expectStatus().isNotFound();
    }

    private WebTestClient anonymous() {
        return web.mutate().defaultHeaders(headers -> headers.remove("Authorization")).build();
    }

    private WebTestClient as(String token) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
    }

    private static Map<String, Object> receipt(String site, int quantity) {
        return Map.of("site", site, "product", "DIN-02240285", "type", "RECEIPT", "quantity", quantity,
                "lot", Map.of("number", LOT, "expiry", LocalDate.now().plusYears(2).toString()));
    }
}
