package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;




import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.TestDatabaseExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The structured-logs switch as an operator throws it: the service started as its own program with
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} and Spring Boot's own logging set-up (the test class path's
 * {@code logback-test.xml} left out, as it is from the jar), then asked something it refuses. Every line it writes is
 * a JSON object, and the refusal's line carries the trace id of the problem document the caller got.
 */
@DatabaseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StructuredLogsIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process service;
    private int port;

    @BeforeAll
    void startTheServiceWithJsonLogs() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DatabaseEndpoint endpoint = TestDatabaseExtension.currentEndpoint();
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")).reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", classPath, StockbridgeApplication.class.getName(),
                "--server.port=" + port,
                "--stockbridge.db.url=" + endpoint.jdbcUrl(),
                "--stockbridge.db.username=" + endpoint.username(),
                "--stockbridge.db.password=" + (endpoint.password() == null ? "" : endpoint.password()),
                "--stockbridge.reference.load-on-start=false", "--stockbridge.demo.enabled=false",
                "--stockbridge.shortages.load-on-start=false", "--stockbridge.forecast.train-on-start=false",
                "--stockbridge.forecast.schedule=-", "--stockbridge.security.local-issuer.enabled=true",
                "--stockbridge.security.local-issuer.key-file=" + System.getProperty("java.io.tmpdir")
                        + "/stockbridge-structured-logs-issuer.json",
                "--logging.level.org.stockbridge.api.web=DEBUG"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        service = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(service.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading the service's output failed: " + e + ")");
            }
        }, "structured-log-reader");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!ready()) {
            assertThat(service.isAlive()).as("the service ended early:%n%s", String.join("\n", lines)).isTrue();
            assertThat(System.nanoTime()).as("the service did not start in 4 minutes").isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    @AfterAll
    void stopTheService() throws InterruptedException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    private boolean ready() {
        try {
            return send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).GET()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void every_line_is_a_json_object_and_a_refusal_s_line_carries_its_problem_s_trace_id() throws Exception {
        String token = send(HttpRequest.newBuilder(uri("/auth/local-token?client=aspr-manager"))
                .POST(HttpRequest.BodyPublishers.noBody())).body().trim();
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/v1/movements"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"NO-SUCH-SITE\",\"product\":\"NDC-23155-601\","
                        + "\"type\":\"RECEIPT\",\"quantity\":1}")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        String traceId = JSON.readTree(refused.body()).path("traceId").asString();
        assertThat(traceId).matches("[0-9a-f]{32}");

        JsonNode line = awaitLine("POST /api/v1/movements refused: 422");

        assertThat(line.path("traceId").asString()).as(line.toString()).isEqualTo(traceId);
        assertThat(line.at("/log/level").asString()).as(line.toString()).isEqualTo("DEBUG");
        assertThat(line.at("/service/name").asString()).as(line.toString()).isEqualTo("stockbridge");
        assertThat(lines).as("the lines the service wrote").isNotEmpty().allSatisfy(text -> {
            JsonNode object = JSON.readTree(text);
            assertThat(object.isObject()).as(text).isTrue();
            assertThat(object.path("@timestamp").asString()).as(text).isNotBlank();
            assertThat(object.path("message").isString()).as(text).isTrue();
        });
    }

    private JsonNode awaitLine(String message) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (String text : lines) {
                if (text.contains(message)) {
                    return JSON.readTree(text);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with \"" + message + "\" in:\n" + String.join("\n", lines));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
