package org.stockbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stockbridge.client.ApiClient;
import org.stockbridge.client.ApiException;
import org.stockbridge.client.ApiResponse;
import org.stockbridge.client.api.LedgerApi;
import org.stockbridge.client.api.LocalTokensApi;
import org.stockbridge.client.api.ProductsApi;
import org.stockbridge.client.api.SitesApi;
import org.stockbridge.client.model.LotRequest;
import org.stockbridge.client.model.MovementRequest;
import org.stockbridge.client.model.MovementResult;
import org.stockbridge.client.model.PageSiteView;
import org.stockbridge.client.model.Problem;
import org.stockbridge.client.model.SiteView;

/**
 * The Java client OpenAPI Generator writes from docs/openapi.json, driven as a partner's engineer would drive it,
 * against the service's own jar started as a process (embedded PostgreSQL, the reference catalogue, no demo stock):
 * a token from the local issuer, a read, an idempotent movement posted twice with the same key (the second answer is
 * the stored one, marked Idempotent-Replayed), and a refusal decoded as a problem detail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedJavaClientSmokeTests {

    private static final Path JAR = Path.of("..", "api", "target", "stockbridge.jar");
    private static final Duration START = Duration.ofMinutes(5);

    private Path home;
    private Process service;
    private int port;
    private ApiClient client;

    @BeforeAll
    void startTheService() throws Exception {
        assertThat(JAR).as("the service's jar, built by the api module (./mvnw verify builds it first)").exists();
        home = Files.createTempDirectory("stockbridge-contract");
        port = freePort();
        service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--stockbridge.db.embedded.data-directory=" + home.resolve("pgdata"),
                "--stockbridge.security.local-issuer.key-file=" + home.resolve("local-issuer-key.json"),
                "--stockbridge.reference.data-directory=" + Path.of("..", "data", "real").toAbsolutePath(),
                "--stockbridge.demo.enabled=false",
                "--stockbridge.shortages.load-on-start=false",
                "--stockbridge.forecast.train-on-start=false",
                "--stockbridge.forecast.schedule=-",
                "--management.endpoint.health.probes.enabled=true")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("service.log").toFile())
                .start();
        awaitReady();
        String token = new LocalTokensApi(anonymous()).createLocalToken("admin");
        client = anonymous().setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    }

    @AfterAll
    void stopTheService() throws Exception {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor();
            }
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void a_partner_reads_sites_through_the_generated_client() throws ApiException {
        PageSiteView page = new SitesApi(client).listSites("US", null, null, null, null, 5);

        assertThat(page.getItems()).hasSize(5).allSatisfy(site -> assertThat(site.getJurisdiction()).isEqualTo("US"));
        assertThat(page.getNextCursor()).isNotBlank();
    }

    @Test
    void an_idempotent_movement_posted_twice_is_applied_once_and_the_replay_says_so() throws ApiException {
        SiteView site = federalSite();
        String lot = "SMOKE-" + UUID.randomUUID().toString().substring(0, 8);
        MovementRequest receipt = new MovementRequest().site(site.getCode()).product(product()).type("RECEIPT")
                .quantity(120L).lot(new LotRequest().number(lot).expiry(LocalDate.now().plusYears(2)));
        String key = UUID.randomUUID().toString();
        LedgerApi ledger = new LedgerApi(client);

        ApiResponse<MovementResult> first = ledger.createMovementWithHttpInfo(key, receipt);
        ApiResponse<MovementResult> replay = ledger.createMovementWithHttpInfo(key, receipt);

        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(replay.getStatusCode()).isEqualTo(201);
        assertThat(replay.getHeaders().get("idempotent-replayed")).containsExactly("true");
        assertThat(replay.getData().getMovements()).hasSize(1);
        assertThat(replay.getData().getMovements().get(0).getId())
                .isEqualTo(first.getData().getMovements().get(0).getId());
        assertThat(ledger.getLotBalance(site.getCode(), product(), lot).getOnHand()).isEqualTo(120L);
    }

    @Test
    void a_refusal_decodes_as_a_problem_with_its_stable_type_and_facts() throws Exception {
        SiteView site = federalSite();
        String lot = "SMOKE-" + UUID.randomUUID().toString().substring(0, 8);
        LedgerApi ledger = new LedgerApi(client);
        ledger.createMovement(UUID.randomUUID().toString(), new MovementRequest().site(site.getCode())
                .product(product()).type("RECEIPT").quantity(10L)
                .lot(new LotRequest().number(lot).expiry(LocalDate.now().plusYears(2))));
        MovementRequest tooMuch = new MovementRequest().site(site.getCode()).product(product()).type("ISSUE")
                .quantity(25L).lot(new LotRequest().number(lot));

        assertThatThrownBy(() -> ledger.createMovement(UUID.randomUUID().toString(), tooMuch))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.getCode()).isEqualTo(409);
                    Problem problem = decode(refused);
                    assertThat(problem.getType()).isEqualTo(URI.create(
                            "https://stockbridge.dev/problems/insufficient-stock"));
                    assertThat(problem.getStatus()).isEqualTo(409);
                    assertThat(problem.getAdditionalProperty("available")).isEqualTo(10);
                    assertThat(problem.getAdditionalProperty("requested")).isEqualTo(25);
                });
    }

    private Problem decode(ApiException refused) {
        try {
            return client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        } catch (IOException e) {
            throw new AssertionError("the refusal is not a problem document: " + refused.getResponseBody(), e);
        }
    }

    private SiteView federalSite() throws ApiException {
        List<SiteView> sites = new SitesApi(client).listSites("US", "ASPR", null, null, null, 50).getItems();
        return sites.stream().filter(site -> Boolean.TRUE.equals(site.getFederal())).findFirst()
                .orElseThrow(() -> new AssertionError("no federal U.S. site in the reference data: " + sites));
    }

    private String product() throws ApiException {
        return new ProductsApi(client).getProduct("PPE-n95", null).getProduct().getCode();
    }

    private ApiClient anonymous() {
        return new ApiClient().setScheme("http").setHost("127.0.0.1").setPort(port).setBasePath("")
                .setReadTimeout(Duration.ofSeconds(60));
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(service.isAlive()).as("the service is running; its log: " + log()).isTrue();
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the service was not ready within " + START + "; its log: " + log());
    }

    private String log() throws IOException {
        List<String> lines = Files.readAllLines(home.resolve("service.log"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
