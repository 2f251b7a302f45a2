package org.stockbridge.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stockbridge against a real OpenID Connect provider: Keycloak, started once for the class with the realm an operator
 * imports ({@code deploy/keycloak/stockbridge-realm.json}) and a second realm made from it (same clients, claims and
 * audience, another issuer and key). The service is configured as in production, with only
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} and the dashboard's public client; no local issuer.
 * Users sign in through the authorization code flow with PKCE, driven over HTTP as the dashboard's page drives it, and
 * once through the page itself in headless Chromium (where it is installed; required with
 * {@code STOCKBRIDGE_BROWSER_TESTS=required}). The service listens on a port chosen before Keycloak starts, which the
 * test's copy of the realm adds to the dashboard client's redirect URIs. Skipped without the Keycloak distribution or
 * a JDK 21+, unless {@code STOCKBRIDGE_OIDC_TESTS=required} (as in CI).
 */
@DatabaseTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"stockbridge.reference.load-on-start=false", "stockbridge.demo.enabled=false",
                "stockbridge.shortages.load-on-start=false",
                "stockbridge.forecast.train-on-start=false", "stockbridge.forecast.schedule=-",
                "stockbridge.security.local-issuer.enabled=false",
                "stockbridge.security.rate-limit.requests-per-second=1000000",
                "stockbridge.dashboard.oidc.client-id=" + KeycloakSignInIntegrationTests.DASHBOARD})
class KeycloakSignInIntegrationTests {

    static final String REALM = "stockbridge";
    static final String OTHER_REALM = "elsewhere";
    static final String DASHBOARD = "stockbridge-dashboard";
    /** A redirect URI the realm registers for the dashboard (its pages at the default port). */
    static final String REDIRECT = "http://localhost:8080/app/";
    static final String PARTNER = "ny-state-inventory";
    static final String PARTNER_SECRET = "ny-state-inventory-evaluation-only-secret";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KeycloakServer keycloak;
    private static int port;
    private static boolean catalogued;

    @BeforeAll
    static void startKeycloak() throws IOException {
        port = KeycloakServer.freePort();
        ObjectNode realm = (ObjectNode) JSON.readTree(Files.readString(Path.of(System.getProperty(
                "stockbridge.keycloak.realm", "../deploy/keycloak/stockbridge-realm.json"))));
        assertThat(realm.path("realm").asString()).isEqualTo(REALM);
        allowDashboardAt("http://localhost:" + port + "/app/*", realm);
        Map<String, String> realms = new LinkedHashMap<>();
        realms.put(REALM, JSON.writeValueAsString(realm));
        realms.put(OTHER_REALM, JSON.writeValueAsString(realm.deepCopy().put("realm", OTHER_REALM)));
        keycloak = KeycloakServer.start(realms);
        System.out.println("Keycloak answered " + keycloak.startTime().toMillis() + " ms after its start command");
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @DynamicPropertySource
    static void configuration(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> keycloak.issuer(REALM));
        registry.add("server.port", () -> port);
    }

    /** Adds a redirect (and post-logout redirect) URI to the realm's dashboard client. */
    private static void allowDashboardAt(String uri, ObjectNode realm) {
        for (JsonNode client : realm.path("clients")) {
            if (DASHBOARD.equals(client.path("clientId").asString())) {
                ((ArrayNode) client.path("redirectUris")).add(uri);
                ObjectNode attributes = (ObjectNode) client.path("attributes");
                attributes.put("post.logout.redirect.uris",
                        attributes.path("post.logout.redirect.uris").asString() + "##" + uri);
                return;
            }
        }
        throw new AssertionError("the realm has no client " + DASHBOARD);
    }

    @Autowired
    JdbcTemplate jdbc;

    /** A fresh connection per request: none waits on one the server gave up after refusing a body unread. */
    WebTestClient web;

    @BeforeEach
    void catalogue() {
        web = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(
                ConnectionProvider.newConnection()))).baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build();
        if (catalogued) {
            return;
        }
        new CatalogueFixture(jdbc).load();
        long agency = jdbc.queryForObject("INSERT INTO agency (code, name, jurisdiction, kind, source) VALUES "
                + "('US-NY', 'New York State Department of Health', 'US', 'STATE', 'fixture') RETURNING id",
                Long.class);
        jdbc.update("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, latitude, longitude, "
                + "federal, source) VALUES ('NY-ALBANY', 'Albany dispensing site', 'US', ?, 'DISPENSING', 'HHS-2', "
                + "42.65, -73.75, false, 'fixture')", agency);
        catalogued = true;
    }

    @Test
    void a_partner_systems_client_credentials_token_is_accepted_and_sees_only_its_agencys_sites() {
        String token = partnerToken();

        assertThat(scopes(token)).containsExactlyInAnyOrder("read", "write");
        assertThat(claims(token).path("agency").asString()).isEqualTo("US-NY");
        as(token).get().uri("/api/v1/sites").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].code").isEqualTo("NY-ALBANY");
        as(token).get().uri("/api/v1/sites/SNS-R01").exchange().expectStatus().isNotFound();
        as(token).post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("NY-ALBANY", "NY-1")).exchange().expectStatus().isCreated();
        as(token).post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("SNS-R01", "NY-2")).exchange().expectStatus().isEqualTo(422);
    }

    @Test
    void each_users_token_from_the_code_flow_carries_exactly_the_scopes_and_countries_of_their_roles() {
        Map<String, Set<String>> scopes = new LinkedHashMap<>();
        Map<String, List<String>> countries = new LinkedHashMap<>();
        for (String user : List.of("aspr-manager", "phac-manager", "health-official", "stockbridge-admin")) {
            String token = signIn(user);
            scopes.put(user, scopes(token));
            countries.put(user, strings(claims(token).path("jurisdiction")));
            assertThat(claims(token).path("aud").toString()).as(user).contains("\"stockbridge\"");
            assertThat(claims(token).path("preferred_username").asString()).isEqualTo(user);
        }

        assertThat(scopes.get("aspr-manager")).containsExactlyInAnyOrder("openid", "read", "write", "forecast",
                "approve");
        assertThat(scopes.get("phac-manager")).containsExactlyInAnyOrder("openid", "read", "write", "forecast",
                "approve");
        assertThat(scopes.get("health-official")).containsExactlyInAnyOrder("openid", "read", "forecast");
        assertThat(scopes.get("stockbridge-admin")).containsExactlyInAnyOrder("openid", "read", "write", "forecast",
                "approve", "admin");
        assertThat(countries.get("aspr-manager")).containsExactly("US");
        assertThat(countries.get("phac-manager")).containsExactly("CA");
        assertThat(countries.get("health-official")).containsExactlyInAnyOrder("US", "CA");
        assertThat(countries.get("stockbridge-admin")).containsExactlyInAnyOrder("US", "CA");
    }

    @Test
    void a_health_official_cannot_post_a_movement_and_a_manager_can_only_in_their_own_country() {
        String official = signIn("health-official");
        String aspr = signIn("aspr-manager");
        String phac = signIn("phac-manager");

        as(official).get().uri("/api/v1/sites").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(4);
        as(official).post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("SNS-R01", "HO-1")).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredScope").isEqualTo("write");
        as(aspr).post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("SNS-R01", "ASPR-1")).exchange().expectStatus().isCreated();
        as(phac).post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("SNS-R01", "PHAC-1")).exchange().expectStatus().isForbidden();
        as(phac).post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(receipt("NESS-NAT", "PHAC-2")).exchange().expectStatus().isCreated();
        as(aspr).get().uri("/api/v1/audit").exchange().expectStatus().isForbidden();
        as(signIn("stockbridge-admin")).get().uri("/api/v1/audit").exchange().expectStatus().isOk();
    }

    @Test
    void the_dashboard_client_takes_only_pkce_with_s256_and_the_verifier_it_was_started_with() {
        KeycloakServer.AuthorizationCode plain = keycloak.authorize(REALM, DASHBOARD, REDIRECT, "aspr-manager",
                "aspr-manager-evaluation-only", "plain");
        assertThat(plain.answer()).containsEntry("error", "invalid_request").doesNotContainKey("code");

        KeycloakServer.AuthorizationCode withoutVerifier = authorize("aspr-manager");
        HttpResponse<String> noVerifier = keycloak.exchange(REALM, DASHBOARD, REDIRECT, withoutVerifier.code(), null);
        assertThat(noVerifier.statusCode()).isEqualTo(400);
        assertThat(keycloak.read(noVerifier.body()).path("error").asString()).isEqualTo("invalid_grant");

        KeycloakServer.AuthorizationCode wrongVerifier = authorize("aspr-manager");
        HttpResponse<String> wrong = keycloak.exchange(REALM, DASHBOARD, REDIRECT, wrongVerifier.code(),
                withoutVerifier.verifier());
        assertThat(wrong.statusCode()).isEqualTo(400);

        KeycloakServer.AuthorizationCode started = authorize("aspr-manager");
        assertThat(started.answer()).containsEntry("state", started.state())
                .containsEntry("iss", keycloak.issuer(REALM));
        HttpResponse<String> exchanged = keycloak.exchange(REALM, DASHBOARD, REDIRECT, started.code(),
                started.verifier());
        assertThat(exchanged.statusCode()).isEqualTo(200);
        assertThat(keycloak.read(exchanged.body()).path("refresh_token").isMissingNode()).isFalse();
    }

    @Test
    void the_dashboard_client_has_no_secret_and_no_password_grant() {
        HttpResponse<String> password = keycloak.tokenRequest(REALM, Map.of("grant_type", "password",
                "client_id", DASHBOARD, "username", "aspr-manager", "password", "aspr-manager-evaluation-only"));
        HttpResponse<String> credentials = keycloak.tokenRequest(REALM, Map.of("grant_type", "client_credentials",
                "client_id", DASHBOARD));

        assertThat(password.statusCode()).isBetween(400, 401);
        assertThat(keycloak.read(password.body()).path("error").asString()).isIn("unauthorized_client",
                "invalid_client");
        assertThat(credentials.statusCode()).isBetween(400, 401);
    }

    @Test
    void a_token_of_the_same_realm_for_another_audience_is_refused() {
        String reporting = keycloak.clientCredentials(REALM, "reporting-tool", "reporting-tool-evaluation-only-secret")
                .path("access_token").asString();
        assertThat(claims(reporting).path("aud").toString()).doesNotContain("stockbridge");
        assertThat(scopes(reporting)).contains("read");

        web.get().uri("/api/v1/sites").header("Authorization", "Bearer " + reporting).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value("WWW-Authenticate", value -> assertThat(value).contains("invalid_token"))
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("not meant for Stockbridge"));
    }

    @Test
    void a_token_from_another_realm_with_the_same_claims_is_refused() {
        String elsewhere = keycloak.clientCredentials(OTHER_REALM, PARTNER, PARTNER_SECRET).path("access_token")
                .asString();
        assertThat(claims(elsewhere).path("iss").asString()).isEqualTo(keycloak.issuer(OTHER_REALM));
        assertThat(claims(elsewhere).path("aud").asString()).isEqualTo("stockbridge");

        web.get().uri("/api/v1/sites").header("Authorization", "Bearer " + elsewhere).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void a_token_whose_claims_were_changed_or_whose_signature_was_dropped_is_refused() {
        String genuine = partnerToken();
        String[] parts = genuine.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String widened = payload.replace("\"scope\":\"" + claims(genuine).path("scope").asString() + "\"",
                "\"scope\":\"read write admin\"").replace("\"agency\":\"US-NY\",", "");
        assertThat(widened).isNotEqualTo(payload);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(widened.getBytes(StandardCharsets.UTF_8));
        String unsignedHeader = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

        as(genuine).get().uri("/api/v1/sites").exchange().expectStatus().isOk();
        web.get().uri("/api/v1/audit").header("Authorization", "Bearer " + parts[0] + "." + encoded + "." + parts[2])
                .exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/audit").header("Authorization", "Bearer " + unsignedHeader + "." + encoded + ".")
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void the_dashboard_learns_the_provider_and_its_public_client_without_a_token() {
        web.get().uri("/app/config").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.oidc.issuer").isEqualTo(keycloak.issuer(REALM))
                .jsonPath("$.oidc.clientId").isEqualTo(DASHBOARD)
                .jsonPath("$.oidc.scope").isEqualTo("openid");
        web.post().uri("/auth/local-token?client=admin").exchange().expectStatus().isNotFound();
    }

    @Test
    void the_dashboards_page_may_exchange_its_code_and_end_the_session_from_its_own_origin() {
        KeycloakServer.AuthorizationCode started = authorize("phac-manager");
        HttpResponse<String> exchanged = keycloak.exchangeFrom("http://localhost:8080", REALM, DASHBOARD, REDIRECT,
                started.code(), started.verifier());
        assertThat(exchanged.statusCode()).isEqualTo(200);
        assertThat(exchanged.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");

        HttpResponse<String> foreign = keycloak.exchangeFrom("https://evil.example", REALM, DASHBOARD, REDIRECT,
                authorize("phac-manager").code(), null);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        String idToken = keycloak.read(exchanged.body()).path("id_token").asString();
        HttpResponse<String> signedOut = keycloak.endSession(REALM, DASHBOARD, REDIRECT, idToken);
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).startsWith(REDIRECT));
    }

    @Test
    void a_user_signs_in_to_the_dashboard_through_the_providers_login_page_and_out_again() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "required".equals(System.getenv("STOCKBRIDGE_BROWSER_TESTS"))) {
            throw new AssertionError("STOCKBRIDGE_BROWSER_TESTS=required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "no Chromium here: the browser sign-in is skipped (apt-get install chromium "
                + "chromium-driver)");
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get("http://localhost:" + port + "/app/");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in-provider"))).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("health-official");
            assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer(REALM))
                    .contains("code_challenge_method=S256").doesNotContain("client_secret");
            browser.findElement(By.id("password")).sendKeys("health-official-evaluation-only");
            browser.findElement(By.id("kc-login")).click();

            wait.until(ExpectedConditions.textToBe(By.cssSelector("#who .client"), "health-official"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "National view"));
            assertThat(browser.getCurrentUrl()).startsWith("http://localhost:" + port + "/app/")
                    .doesNotContain("code=").doesNotContain("state=");
            assertThat(browser.findElement(By.cssSelector("#who .scopes")).getText()).contains("read", "forecast")
                    .doesNotContain("write");
            Object token = ((JavascriptExecutor) browser).executeScript(
                    "return sessionStorage.getItem('stockbridge.token');");
            assertThat(scopes(String.valueOf(token))).containsExactlyInAnyOrder("openid", "read", "forecast");

            browser.findElement(By.cssSelector("#who button")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in-provider")));
            assertThat(browser.getCurrentUrl()).startsWith("http://localhost:" + port + "/app/");
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "return sessionStorage.getItem('stockbridge.token');")).isNull();
            // the provider's session ended too: signing in again asks for the password again
            browser.findElement(By.id("sign-in-provider")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        } finally {
            browser.quit();
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    private KeycloakServer.AuthorizationCode authorize(String user) {
        KeycloakServer.AuthorizationCode code = keycloak.authorize(REALM, DASHBOARD, REDIRECT, user,
                user + "-evaluation-only", "S256");
        assertThat(code.code()).as("a code for " + user + ": " + code.answer()).isNotBlank();
        return code;
    }

    /** A user's access token, through the dashboard's flow: their login, the code, the verifier. */
    private String signIn(String user) {
        KeycloakServer.AuthorizationCode code = authorize(user);
        HttpResponse<String> exchanged = keycloak.exchange(REALM, DASHBOARD, REDIRECT, code.code(), code.verifier());
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        return keycloak.read(exchanged.body()).path("access_token").asString();
    }

    private String partnerToken() {
        return keycloak.clientCredentials(REALM, PARTNER, PARTNER_SECRET).path("access_token").asString();
    }

    private WebTestClient as(String token) {
        return web.mutate().defaultHeader("Authorization", "Bearer " + token).build();
    }

    private JsonNode claims(String token) {
        return keycloak.read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private Set<String> scopes(String token) {
        return new TreeSet<>(List.of(claims(token).path("scope").asString().split(" ")));
    }

    private static List<String> strings(JsonNode node) {
        if (!node.isArray()) {
            return List.of(node.asString());
        }
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static Map<String, Object> receipt(String site, String lot) {
        return Map.of("site", site, "product", "DIN-02240285", "type", "RECEIPT", "quantity", 5,
                "lot", Map.of("number", lot, "expiry", LocalDate.now().plusYears(2).toString()));
    }
}
