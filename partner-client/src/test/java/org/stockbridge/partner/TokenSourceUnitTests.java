package org.stockbridge.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens from a token endpoint on loopback that counts what it is asked and answers as an OAuth 2.0 server would. */
class TokenSourceUnitTests {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private HttpServer server;
    private URI tokenUrl;
    private Instant now = Instant.parse("2026-12-06T12:00:00Z");

    @BeforeEach
    void startTokenEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.start();
        tokenUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    @AfterEach
    void stopTokenEndpoint() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(body + " " + authorization);
        boolean valid = ("Basic " + Base64.getEncoder().encodeToString("partner:s%26cret".getBytes(
                StandardCharsets.UTF_8))).equals(authorization) && body.startsWith("grant_type=client_credentials");
        String answer = valid ? "{\"access_token\":\"token-" + issued.incrementAndGet()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300}" : "{\"error\":\"invalid_client\"}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(valid ? 200 : 401, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private TokenSource source(TokenSource.Kind kind) {
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new TokenSource(kind, "http://127.0.0.1:1", HttpClient.newHttpClient(), clock);
    }

    @Test
    void the_client_credentials_grant_sends_the_encoded_secret_and_keeps_the_token_until_a_minute_before_it_expires()
            throws Exception {
        TokenSource tokens = source(new TokenSource.ClientCredentials(tokenUrl, "partner", "s&cret", "stock:read"));

        assertThat(tokens.current()).isEqualTo("token-1");
        now = now.plus(Duration.ofMinutes(3));
        assertThat(tokens.current()).as("still two minutes left").isEqualTo("token-1");
        now = now.plus(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(tokens.current()).as("within the last minute: renewed").isEqualTo("token-2");
        assertThat(requests).hasSize(2).allMatch(request -> request.startsWith(
                "grant_type=client_credentials&scope=stock%3Aread Basic "));
    }

    @Test
    void a_token_the_service_refuses_is_replaced_by_a_fresh_one() throws Exception {
        TokenSource tokens = source(new TokenSource.ClientCredentials(tokenUrl, "partner", "s&cret", null));
        String first = tokens.current();

        assertThat(tokens.refused(first)).isTrue();

        assertThat(tokens.current()).isEqualTo("token-2");
    }

    @Test
    void a_wrong_secret_ends_with_the_token_endpoint_s_answer() {
        TokenSource tokens = source(new TokenSource.ClientCredentials(tokenUrl, "partner", "wrong", null));

        assertThatThrownBy(tokens::current).isInstanceOf(IOException.class).hasMessageContaining("answered 401")
                .hasMessageContaining("invalid_client");
    }

    @Test
    void a_token_file_is_read_again_after_the_service_refuses_the_token_it_held(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "old\n");
        TokenSource tokens = source(new TokenSource.FromFile(file));
        assertThat(tokens.current()).isEqualTo("old");

        Files.writeString(file, "rotated\n");
        assertThat(tokens.current()).as("read once, not on every request").isEqualTo("old");
        assertThat(tokens.refused("old")).isTrue();

        assertThat(tokens.current()).isEqualTo("rotated");
    }

    @Test
    void a_token_given_once_cannot_be_renewed() throws Exception {
        TokenSource tokens = source(new TokenSource.Fixed("given"));

        assertThat(tokens.current()).isEqualTo("given");
        assertThat(tokens.refused("given")).isFalse();
    }
}
