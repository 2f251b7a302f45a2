package org.stockbridge.api.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak ({@code kc.sh start-dev}) on a free loopback port, with realms imported from files at its start, run
 * on a JDK 21 or newer (Keycloak's own requirement; the build itself runs on 17): the distribution the api module's
 * build unpacks into {@code target/keycloak}. Missing either, {@link #start} skips the test with the reason, unless
 * {@code STOCKBRIDGE_OIDC_TESTS=required} (as in CI), when it fails. {@link #close} ends Keycloak and every process it
 * started.
 */
final class KeycloakServer implements AutoCloseable {

    static final String REQUIRED = "STOCKBRIDGE_OIDC_TESTS";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern LOGIN_FORM = Pattern.compile(
            "<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);

    private final Process process;
    private final int port;
    private final Path log;
    private final long started = System.nanoTime();
    private Duration startTime;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Keycloak with these realm files (name to JSON text) in its import directory, on a fresh database, and
     * waits until the first realm answers.
     */
    static KeycloakServer start(Map<String, String> realms) {
        Path home = Path.of(System.getProperty("stockbridge.keycloak.home", "target/keycloak/none"));
        require(Files.isExecutable(home.resolve("bin/kc.sh")), "no Keycloak distribution at "
                + home.toAbsolutePath().normalize() + " (the api module's build unpacks it: ./mvnw -pl api -am "
                + "process-test-resources, unless -Dkeycloak.skip=true)");
        Optional<Path> java = javaHome();
        require(java.isPresent(), "no JDK 21 or newer for Keycloak (set STOCKBRIDGE_KEYCLOAK_JAVA_HOME, or install "
                + "one under /usr/lib/jvm)");
        try {
            Path data = home.resolve("data");
            deleteTree(data.resolve("h2"));
            deleteTree(data.resolve("import"));
            Files.createDirectories(data.resolve("import"));
            for (Map.Entry<String, String> realm : realms.entrySet()) {
                Files.writeString(data.resolve("import").resolve(realm.getKey() + "-realm.json"), realm.getValue());
            }
            int port = freePort();
            Path log = home.resolve("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=http://127.0.0.1:" + port,
                    "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", java.get().toString());
            builder.environment().remove("JAVA_OPTS");
            KeycloakServer server = new KeycloakServer(builder.start(), port, log);
            // should the test JVM end without the test's own clean-up (a fork killed on a timeout), Keycloak still goes
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "keycloak-stop"));
            try {
                server.awaitRealm(realms.keySet().iterator().next());
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if ("required".equals(System.getenv(REQUIRED))) {
            throw new AssertionError(REQUIRED + "=required but " + missing);
        }
        String reason = "skipped: " + missing + " (set " + REQUIRED + "=required to fail instead)";
        // Surefire reports a class skipped in @BeforeAll as zero tests run, without the reason: say it in the output
        System.err.println("Keycloak sign-in tests " + reason);
        Assumptions.abort(reason);
    }

    /** STOCKBRIDGE_KEYCLOAK_JAVA_HOME, this JVM if it is 21 or newer, else the newest JDK 21+ under /usr/lib/jvm. */
    static Optional<Path> javaHome() {
        String configured = System.getenv("STOCKBRIDGE_KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        if (Runtime.version().feature() >= 21) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.list(jvms)) {
            return candidates.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> feature(home) >= 21)
                    .max(Comparator.comparingInt(KeycloakServer::feature));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature release a JDK's {@code release} file names (JAVA_VERSION="25.0.1" is 25), 0 when unknown. */
    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                Matcher version = Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(line);
                if (version.find()) {
                    return Integer.parseInt(version.group(1));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private void awaitRealm(String realm) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(issuer(realm)
                        + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    startTime = Duration.ofNanos(System.nanoTime() - started);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("Keycloak did not answer within " + START_TIMEOUT + ":\n" + logTail());
    }

    /** How long Keycloak took from its command to its first realm answering. */
    Duration startTime() {
        return startTime;
    }

    String issuer(String realm) {
        return "http://127.0.0.1:" + port + "/realms/" + realm;
    }

    /** A token for a confidential client's service account (the client credentials grant). */
    JsonNode clientCredentials(String realm, String client, String secret) {
        return token(realm, Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret));
    }

    /** A token endpoint's answer, whatever its status. */
    HttpResponse<String> tokenRequest(String realm, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
    }

    private JsonNode token(String realm, Map<String, String> form) {
        HttpResponse<String> answer = tokenRequest(realm, form);
        if (answer.statusCode() != 200) {
            throw new AssertionError("the token endpoint answered " + answer.statusCode() + ": " + answer.body());
        }
        return json.readTree(answer.body());
    }

    /**
     * The browser's part of the authorization code flow with PKCE, over HTTP: the authorization request with an S256
     * challenge, the provider's login form filled in and posted, the redirect back to the dashboard read for its
     * code. Cookies are carried by hand: Keycloak marks its own {@code Secure}, which the JDK's cookie store would
     * not send over plain HTTP, while browsers do to a loopback address.
     */
    AuthorizationCode authorize(String realm, String client, String redirectUri, String username, String password,
                                String challengeMethod) {
        String verifier = random(32);
        String state = random(16);
        String challenge = "S256".equals(challengeMethod) ? s256(verifier) : verifier;
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(issuer(realm)
                + "/protocol/openid-connect/auth?" + form(Map.of("response_type", "code", "client_id", client,
                "redirect_uri", redirectUri, "scope", "openid", "state", state, "code_challenge", challenge,
                "code_challenge_method", challengeMethod)))).build());
        keep(cookies, page);
        if (page.statusCode() == 302) {
            return new AuthorizationCode(query(page.headers().firstValue("Location").orElseThrow()), verifier, state);
        }
        Matcher action = LOGIN_FORM.matcher(page.body());
        if (page.statusCode() != 200 || !action.find()) {
            throw new AssertionError("no login form (" + page.statusCode() + "): " + page.body());
        }
        HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                        .collect(Collectors.joining("; ")))
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password,
                        "credentialId", "")))).build());
        String location = posted.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "the login was not accepted (" + posted.statusCode() + "): " + posted.body()));
        if (!location.startsWith(redirectUri)) {
            throw new AssertionError("the login led to " + location + ", not back to " + redirectUri);
        }
        return new AuthorizationCode(query(location), verifier, state);
    }

    /** What came back to the redirect URI, with the verifier and state the flow was started with. */
    record AuthorizationCode(Map<String, String> answer, String verifier, String state) {

        String code() {
            return answer.get("code");
        }
    }

    /** Exchanges a code for tokens as the dashboard's page does: the public client, the verifier, no secret. */
    HttpResponse<String> exchange(String realm, String client, String redirectUri, String code, String verifier) {
        return exchangeFrom(null, realm, client, redirectUri, code, verifier);
    }

    /** The same, as a page of this origin sends it from a browser (with its {@code Origin} header). */
    HttpResponse<String> exchangeFrom(String origin, String realm, String client, String redirectUri, String code,
                                      String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", client);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer(realm)
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request.build());
    }

    /** The dashboard's sign-out: the provider's end-session endpoint, asked to send the browser back to the page. */
    HttpResponse<String> endSession(String realm, String client, String postLogoutRedirectUri, String idToken) {
        return send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/logout?"
                + form(Map.of("client_id", client, "post_logout_redirect_uri", postLogoutRedirectUri,
                "id_token_hint", idToken)))).build());
    }

    JsonNode read(String text) {
        return json.readTree(text);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void keep(Map<String, String> cookies, HttpResponse<?> answer) {
        for (String cookie : answer.headers().allValues("Set-Cookie")) {
            String pair = cookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
    }

    private static Map<String, String> query(String location) {
        Map<String, String> values = new LinkedHashMap<>();
        String query = URI.create(location).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
        }
        return values;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Ends Keycloak and everything it started (the launcher script's JVM), forcibly if it does not stop in time. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }
}
