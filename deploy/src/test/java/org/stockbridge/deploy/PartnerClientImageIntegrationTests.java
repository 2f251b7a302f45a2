package org.stockbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference partner client's image ({@code ./mvnw -pl partner-client -am -DskipTests -Pimage package}), read from
 * its tarball, then run: its entrypoint, from its own layers, as its user, configured by environment variables only,
 * against a change feed served by this test on loopback. Skipped when the tarball has not been built, unless
 * {@code STOCKBRIDGE_IMAGE_TESTS=required} (CI).
 */
class PartnerClientImageIntegrationTests {

    private static final String UID = "10001";
    private static final String STORE = "/var/lib/stockbridge-partner";
    private static final String TOKEN = "partner-token-from-a-mounted-secret";

    private static ImageTarball image;

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer feed;

    @BeforeAll
    static void read_the_tarball() {
        Path tar = ImageTarball.location("STOCKBRIDGE_PARTNER_IMAGE_TAR", ImageTarball.PARTNER_CLIENT);
        Prerequisite.require(Files.isRegularFile(tar), "STOCKBRIDGE_IMAGE_TESTS",
                "no partner client image tarball at " + tar.toAbsolutePath().normalize() + " (build it with ./mvnw -B "
                        + "-pl partner-client -am -DskipTests -Pimage package)");
        image = ImageTarball.read(tar);
    }

    @BeforeEach
    void serveAFeed() throws IOException {
        feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feed.createContext("/", this::answer);
        feed.start();
    }

    @AfterEach
    void stopTheFeed() {
        feed.stop(0);
    }

    /** One site with one lot at feed position 5, then one issue at position 6, the head. */
    private void answer(HttpExchange exchange) throws IOException {
        String uri = exchange.getRequestURI().toString();
        asked.add(exchange.getRequestMethod() + " " + uri + " " + exchange.getRequestHeaders().getFirst("Authorization"));
        String body;
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            body = null;
        } else if (uri.equals("/api/v1/changes/head")) {
            body = "{\"position\":5}";
        } else if (uri.startsWith("/api/v1/sites?")) {
            body = "{\"items\":[{\"code\":\"SNS-R01\"}],\"nextCursor\":null}";
        } else if (uri.startsWith("/api/v1/sites/SNS-R01/stock?")) {
            body = "{\"items\":[{\"product\":{\"code\":\"DIN-02240285\"},\"lot\":{\"number\":\"L-1\",\"onHand\":500,"
                    + "\"balanceVersion\":3}}],\"nextCursor\":null}";
        } else if (uri.startsWith("/api/v1/changes?after=5&")) {
            body = "{\"items\":[{\"position\":6,\"kind\":\"movement\",\"payload\":{\"movement\":{\"id\":42},"
                    + "\"balance\":{\"site\":\"SNS-R01\",\"product\":\"DIN-02240285\",\"lot\":\"L-1\",\"onHand\":480,"
                    + "\"version\":4}}}],\"after\":6,\"head\":6}";
        } else {
            body = "";
        }
        byte[] bytes = (body == null ? "{\"status\":401}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 401 : body.isEmpty() ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode container() {
        return image.config().path("config");
    }

    @Test
    void the_client_image_runs_its_program_as_a_user_that_is_not_root_and_listens_on_no_port() {
        assertThat(container().path("User").asString()).isEqualTo(UID + ":" + UID);
        List<String> entrypoint = new ArrayList<>();
        container().path("Entrypoint").forEach(arg -> entrypoint.add(arg.asString()));
        assertThat(entrypoint).first().isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError", "@/app/jib-classpath-file");
        assertThat(entrypoint).last().isEqualTo("org.stockbridge.partner.PartnerClient");
        assertThat(container().path("ExposedPorts").isMissingNode() || container().path("ExposedPorts").isEmpty())
                .isTrue();
        assertThat(container().path("Labels").path("org.opencontainers.image.title").asString())
                .isEqualTo("stockbridge-partner-client");
    }

    @Test
    void the_client_image_keeps_its_store_in_a_volume_and_bakes_in_no_server_or_credentials() {
        assertThat(names(container().path("Volumes"))).containsExactly(STORE);
        assertThat(container().path("WorkingDir").asString()).isEqualTo(STORE);
        List<String> variables = new ArrayList<>();
        container().path("Env").forEach(value -> variables.add(value.asString()));
        assertThat(variables).contains("STOCKBRIDGE_PARTNER_STORE=" + STORE);
        assertThat(variables).noneMatch(value -> value.startsWith("STOCKBRIDGE_SERVER=")
                || value.startsWith("STOCKBRIDGE_PARTNER_TOKEN") || value.startsWith("STOCKBRIDGE_PARTNER_CLIENT"));
        assertThat(image.entries().get(STORE).getMode() & 0777).as("the store writable by the client's user")
                .isEqualTo(0777);
        assertThat(image.entries().keySet()).as("a runtime of the few modules the client uses, not the service's")
                .contains("/opt/java/bin/java").noneMatch(path -> path.startsWith("/srv/stockbridge"));
    }

    @Test
    void the_client_image_follows_the_feed_from_environment_variables_alone_and_saves_its_store(@TempDir Path root)
            throws Exception {
        extract(root);
        Files.writeString(root.resolve("tmp/token"), TOKEN + "\n");

        Run run = run(root, Map.of("STOCKBRIDGE_SERVER", "http://127.0.0.1:" + feed.getAddress().getPort(),
                "STOCKBRIDGE_PARTNER_TOKEN_FILE", "/tmp/token", "STOCKBRIDGE_PARTNER_UNTIL_HEAD", "true"));

        assertThat(run.exitValue()).as(run.output()).isZero();
        assertThat(run.output()).contains("bootstrapped 1 balances at feed position 5", "caught up at feed position 6");
        assertThat(asked).allMatch(request -> request.endsWith("Bearer " + TOKEN));
        JsonNode state = JsonMapper.builder().build().readTree(Files.readString(root.resolve(STORE.substring(1))
                .resolve("state.json")));
        assertThat(state.path("after").asLong()).isEqualTo(6);
        assertThat(state.path("balances").path("SNS-R01|DIN-02240285|L-1").path("onHand").asLong()).isEqualTo(480);
    }

    @Test
    void the_client_image_without_a_server_token_ends_with_exit_code_2_and_says_what_is_missing(@TempDir Path root)
            throws Exception {
        extract(root);

        Run run = run(root, Map.of());

        assertThat(run.exitValue()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("no token source", "STOCKBRIDGE_PARTNER_TOKEN_FILE");
        assertThat(asked).isEmpty();
    }

    /** What the client's program printed and how it ended. */
    private record Run(int exitValue, String output) {
    }

    /** The image's layers, all of them, in {@code root}, where the image's user may read them. */
    private static void extract(Path root) throws IOException {
        ImageRoot.requireChroot();
        image.extract(root, path -> true);
        Files.setPosixFilePermissions(root, Modes.of(0755));
    }

    /** The image's entrypoint run in {@code root} as its user, with the operator's {@code settings}, to its end. */
    private static Run run(Path root, Map<String, String> settings) throws IOException, InterruptedException {
        Process process = ImageRoot.start(root, UID + ":" + UID, entrypoint(), environment(settings));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static List<String> entrypoint() {
        List<String> entrypoint = new ArrayList<>();
        container().path("Entrypoint").forEach(arg -> entrypoint.add(arg.asString()));
        return entrypoint;
    }

    /** The image's own environment, then the operator's settings, as a container engine would give them. */
    private static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        container().path("Env").forEach(value -> {
            String[] pair = value.asString().split("=", 2);
            environment.put(pair[0], pair[1]);
        });
        environment.putAll(settings);
        return environment;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
