package org.stockbridge.partner;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The partner client's bearer token: given once, read from a file (a mounted secret an operator rotates), obtained
 * by the OAuth 2.0 client credentials grant from the identity provider, or asked of the embedded default's local
 * issuer. A token that can be renewed is renewed a minute before it expires and whenever the service refuses it.
 */
final class TokenSource {

    /** Where tokens come from. */
    sealed interface Kind permits Fixed, FromFile, ClientCredentials, LocalIssuer {
    }

    /** A token given once: it cannot be renewed. */
    record Fixed(String token) implements Kind {
    }

    /** A file holding the token, read again when the service refuses the one read before. */
    record FromFile(Path file) implements Kind {
    }

    /** The client credentials grant (RFC 6749 §4.4) with the client's id and secret in HTTP Basic. */
    record ClientCredentials(URI tokenUrl, String clientId, String secret, String scope) implements Kind {

        @Override
        public String toString() {
            return "ClientCredentials[" + tokenUrl + ", " + clientId + "]"; // never the secret
        }
    }

    /** A demo client of the local issuer ({@code POST /auth/local-token}), only in the embedded default. */
    record LocalIssuer(String client) implements Kind {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration EARLY = Duration.ofMinutes(1);

    private final Kind kind;
    private final String server;
    private final HttpClient http;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MAX;

    TokenSource(Kind kind, String server, HttpClient http, Clock clock) {
        this.kind = kind;
        this.server = server;
        this.http = http;
        this.clock = clock;
    }

    /** The token to send now, fetched or renewed first if it is missing or about to expire. */
    synchronized String current() throws IOException, InterruptedException {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /**
     * The service refused {@code refused}: forget it, so the next {@link #current()} fetches another. Answers whether
     * another may be different; a token given once cannot be.
     */
    synchronized boolean refused(String refused) {
        if (kind instanceof Fixed) {
            return false;
        }
        if (refused.equals(token)) {
            token = null;
        }
        return true;
    }

    private void fetch() throws IOException, InterruptedException {
        renewAt = Instant.MAX;
        if (kind instanceof Fixed fixed) {
            token = fixed.token();
        } else if (kind instanceof FromFile fromFile) {
            token = Files.readString(fromFile.file(), StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IOException("the token file " + fromFile.file() + " is empty");
            }
        } else if (kind instanceof ClientCredentials grant) {
            clientCredentials(grant);
        } else if (kind instanceof LocalIssuer local) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server + "/auth/local-token?client="
                    + encode(local.client()))).POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("no local token for " + local.client() + ": " + response.statusCode() + " "
                        + response.body());
            }
            token = response.body().trim();
        }
    }

    private void clientCredentials(ClientCredentials grant) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials" + (grant.scope() == null ? "" : "&scope=" + encode(grant.scope()));
        String basic = Base64.getEncoder().encodeToString((encode(grant.clientId()) + ":" + encode(grant.secret()))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(grant.tokenUrl()).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the token endpoint " + grant.tokenUrl() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        String accessToken = body.path("access_token").asString("");
        if (accessToken.isEmpty() || !"bearer".equalsIgnoreCase(body.path("token_type").asString("bearer"))) {
            throw new IOException("the token endpoint " + grant.tokenUrl() + " gave no bearer access token");
        }
        token = accessToken;
        long expiresIn = body.path("expires_in").asLong(0);
        if (expiresIn > 0) {
            Duration lifetime = Duration.ofSeconds(expiresIn);
            renewAt = clock.instant().plus(lifetime.compareTo(EARLY.multipliedBy(2)) > 0 ? lifetime.minus(EARLY)
                    : lifetime.dividedBy(2));
        }
    }

    /** The form encoding of RFC 6749 appendix B, for the body and for the Basic credentials alike. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
