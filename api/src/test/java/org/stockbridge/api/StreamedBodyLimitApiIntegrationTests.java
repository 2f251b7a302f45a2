package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bodies sent without a Content-Length (chunked) are counted as they are read and refused as soon as they pass the
 * limit, over a real connection.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.security.limits.max-upload=2MB")
class StreamedBodyLimitApiIntegrationTests {

    private static final Path UPLOADS = Path.of(System.getProperty("java.io.tmpdir"),
            "stockbridge-streamed-uploads-" + UUID.randomUUID());
    private static final int CHUNK = 64 * 1024;
    /** Far more than any limit: a server that read it all would have read 256 MB. */
    private static final int CHUNKS = 4096;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
        registry.add("stockbridge.ingest.upload-directory", UPLOADS::toString);
    }

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    @AfterAll
    void removeUploads() throws IOException {
        if (Files.isDirectory(UPLOADS)) {
            try (var files = Files.walk(UPLOADS)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void a_chunked_json_body_is_refused_with_413_once_it_passes_the_limit() {
        Answer answer = send("/api/v1/movements", "application/json", "{\"documentRef\":\"", (byte) 'x', "\"}");
        assertThat(answer.transferEncoding()).isEqualTo("chunked");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.problem().path("type").asString())
                .isEqualTo("https://stockbridge.dev/problems/payload-too-large");
        assertThat(answer.problem().path("maxBytes").asLong()).isEqualTo(1024 * 1024);
        assertThat(answer.sent()).isLessThan((long) CHUNK * CHUNKS);
    }

    @Test
    void a_chunked_upload_is_refused_with_413_once_it_passes_the_upload_limit_and_nothing_is_stored() {
        String boundary = "stockbridge-test-boundary";
        Answer answer = send("/api/v1/ingestions", "multipart/form-data; boundary=" + boundary,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\nDIN,Name\r\n", (byte) 'y',
                "\r\n--" + boundary + "--\r\n");
        assertThat(answer.transferEncoding()).isEqualTo("chunked");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.problem().path("type").asString())
                .isEqualTo("https://stockbridge.dev/problems/payload-too-large");
        assertThat(answer.problem().path("maxBytes").asLong()).isEqualTo(2 * 1024 * 1024);
        assertThat(answer.sent()).isLessThan((long) CHUNK * CHUNKS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ingestion_run", Long.class)).isZero();
        assertThat(storedUploads()).isZero();
    }

    /** What came back, and how many bytes of the body the client had handed to the connection by then. */
    record Answer(int status, String contentType, JsonNode problem, long sent, String transferEncoding) {
    }

    private Answer send(String path, String contentType, String head, byte filler, String tail) {
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, filler);
        AtomicLong sent = new AtomicLong();
        AtomicReference<String> transferEncoding = new AtomicReference<>();
        Flux<ByteBuf> body = Flux.concat(Flux.just(head.getBytes(StandardCharsets.US_ASCII)),
                        Flux.range(0, CHUNKS).map(i -> chunk), Flux.just(tail.getBytes(StandardCharsets.US_ASCII)))
                .map(bytes -> {
                    sent.addAndGet(bytes.length);
                    return Unpooled.wrappedBuffer(bytes);
                });
        return HttpClient.create(ConnectionProvider.newConnection()).port(port)
                .headers(headers -> headers.set("Authorization", "Bearer " + issuer.mint("admin"))
                        .set("Content-Type", contentType).set("Idempotency-Key", UUID.randomUUID().toString()))
                .doOnRequest((request, connection) -> transferEncoding.set(
                        request.requestHeaders().get("Transfer-Encoding")))
                .post().uri(path)
                .send(body)
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("{}")
                        .map(text -> new Answer(response.status().code(),
                                response.responseHeaders().get("Content-Type"), JSON.readTree(text), sent.get(),
                                transferEncoding.get())))
                .block(Duration.ofSeconds(120));
    }

    private static long storedUploads() {
        if (!Files.isDirectory(UPLOADS)) {
            return 0;
        }
        try (var files = Files.list(UPLOADS)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
