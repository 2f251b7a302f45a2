package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation of the served OpenAPI document, called by every demo client and by tokens that are broken in one way
 * each (no claims, no scopes, another audience) and without a token, on the canonical path and on variants of it
 * (percent-encoded letters, case, trailing slash, {@code ;param}, {@code //}, {@code /./}, {@code ..}, encoded
 * slashes and dots): each answer must be the one the scope table below requires. The table is the threat model's
 * (docs/security.md); an operation the document gains without an entry here fails the test, as does an entry the
 * document no longer has, and so does a scope the document declares that the table does not: the document, the server
 * and the table are checked against each other. The matrix sends hundreds of requests without a token from one address, so the limit on
 * refusals of such callers is lifted here.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.security.unauthenticated.refusals-per-minute=1000000")
class AuthorizationMatrixIntegrationTests {

    private static final List<String> READ = List.of("read");
    private static final List<String> WRITE = List.of("write");
    private static final List<String> FORECAST = List.of("forecast");
    private static final List<String> APPROVE = List.of("approve");
    private static final List<String> ADMIN = List.of("admin");
    private static final List<String> PUBLIC = List.of();

    /** Who may call each operation: any one of the scopes listed, or anyone (empty). */
    private static final Map<String, List<String>> SCOPE_TABLE = table(
            "GET /api/v1/alerts", READ,
            "POST /api/v1/alerts/{id}/read", READ,
            "GET /api/v1/audit", ADMIN,
            "GET /api/v1/border-crossings", READ,
            "GET /api/v1/border-crossings/{name}", READ,
            "PUT /api/v1/border-crossings/{name}", ADMIN,
            "GET /api/v1/changes", READ,
            "GET /api/v1/changes/head", READ,
            "GET /api/v1/changes/stream", READ,
            "GET /api/v1/forecast-models", FORECAST,
            "GET /api/v1/forecast-models/{id}/provenance", FORECAST,
            "GET /api/v1/forecasts/shortfalls", FORECAST,
            "POST /api/v1/ingestions", ADMIN,
            "GET /api/v1/ingestions/{id}", READ,
            "GET /api/v1/ingestions/{id}/rejects", READ,
            "GET /api/v1/lanes", READ,
            "GET /api/v1/lanes/{from}/{to}", READ,
            "PUT /api/v1/lanes/{from}/{to}", ADMIN,
            "POST /api/v1/movement-documents", WRITE,
            "GET /api/v1/movements", READ,
            "POST /api/v1/movements", WRITE,
            "POST /api/v1/movements/{id}/reversal", WRITE,
            "GET /api/v1/products", READ,
            "GET /api/v1/products/{code}", READ,
            "GET /api/v1/products/{code}/equivalents", READ,
            "GET /api/v1/products/{code}/stock", READ,
            "GET /api/v1/risk/ingredients", FORECAST,
            "GET /api/v1/shortage-reports", READ,
            "GET /api/v1/shortage-reports/freshness", READ,
            "GET /api/v1/shortage-reports/summary", READ,
            "GET /api/v1/shortage-reports/{id}", READ,
            "GET /api/v1/sites", READ,
            "GET /api/v1/sites/{code}", READ,
            "GET /api/v1/sites/{code}/products/{productCode}/consumption", READ,
            "GET /api/v1/sites/{code}/stock", READ,
            "GET /api/v1/sites/{site}/inventory-report", READ,
            "POST /api/v1/sites/{site}/inventory-report", WRITE,
            "GET /api/v1/sites/{site}/products/{product}/forecast", FORECAST,
            "GET /api/v1/sites/{site}/products/{product}/lots/{lot}/balance", READ,
            "GET /api/v1/sites/{site}/products/{product}/policy", READ,
            "PUT /api/v1/sites/{site}/products/{product}/policy", WRITE,
            "POST /api/v1/sites/{site}/stock-positions", WRITE,
            "GET /api/v1/stock/below-policy", READ,
            "GET /api/v1/stock/by-site", READ,
            "GET /api/v1/stock/expiring", READ,
            "GET /api/v1/stock/summary", READ,
            "GET /api/v1/subscriptions", READ,
            "POST /api/v1/subscriptions", READ,
            "DELETE /api/v1/subscriptions/{id}", READ,
            "GET /api/v1/subscriptions/{id}", READ,
            "PUT /api/v1/subscriptions/{id}", READ,
            "GET /api/v1/subscriptions/{id}/deliveries", READ,
            "POST /api/v1/subscriptions/{id}/deliveries/{delivery}/redelivery", READ,
            "POST /api/v1/subscriptions/{id}/secret-rotation", READ,
            "POST /api/v1/transfer-recommendations", FORECAST,
            "POST /api/v1/transfer-scenarios", FORECAST,
            "GET /api/v1/transfers", READ,
            "GET /api/v1/transfers/{id}", READ,
            "POST /api/v1/transfers/{id}/approvals", APPROVE,
            "POST /api/v1/transfers/{id}/cancellation", List.of("write", "approve"),
            "POST /api/v1/transfers/{id}/dispatch", WRITE,
            "POST /api/v1/transfers/{id}/receipt", WRITE,
            "GET /auth/local-clients", PUBLIC,
            "POST /auth/local-token", PUBLIC);

    /**
     * The body of every change: JSON that cannot be read, so an admitted caller is answered 400 (or 404, 415, 428)
     * before anything is changed or computed; the matrix tests the access decision, not the handlers.
     */
    private static final String UNREADABLE_BODY = "{\"matrix\":";

    /** What a path variant is to the router. */
    private enum Kind {
        /** the same endpoint, however spelled: the operation's rule applies */
        SAME,
        /** no endpoint: 401 without a token, 404 or 405 with one */
        NO_ROUTE,
        /** could be read two ways: refused outright, 400, whoever asks */
        AMBIGUOUS
    }

    private record Variant(String name, Kind kind, String path) {
    }

    /** A caller: a token (null: none), its scopes, and whether its claims let it act at all. */
    private record Client(String name, String token, Set<String> scopes, boolean valid) {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    RawHttp http;

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
        http = new RawHttp(port);
        // The first risk ranking trains the risk model, minutes on a busy machine: trained here, with time to spare,
        // the matrix's own requests wait only for authorization and the answer, never for a training.
        RawHttp.Answer ranking = new RawHttp(port, Duration.ofMinutes(15)).send("GET",
                "/api/v1/risk/ingredients?limit=1", issuer.mint("admin"), Map.of(), null);
        assertThat(ranking.status()).as(ranking.body()).isEqualTo(200);
    }

    @Test
    void every_operation_answers_every_caller_on_every_spelling_of_its_path_as_the_scope_table_requires() {
        Map<String, List<String>> operations = operations();
        assertThat(operations.keySet()).as("operations of the API document against the scope table")
                .containsExactlyInAnyOrderElementsOf(SCOPE_TABLE.keySet());
        assertThat(operations).as("the scopes the API document declares, against the scope table")
                .containsExactlyInAnyOrderEntriesOf(SCOPE_TABLE);

        List<Client> clients = clients();
        List<String> mismatches = new ArrayList<>();
        int requests = 0;
        int variantsTried = 0;
        int unexpectedSuccesses = 0;
        Map<String, Long> timings = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> operation : SCOPE_TABLE.entrySet()) {
            String method = operation.getKey().substring(0, operation.getKey().indexOf(' '));
            String template = operation.getKey().substring(method.length() + 1);
            List<Variant> variants = variants(template);
            variantsTried = variants.size();
            for (Variant variant : variants) {
                for (String verb : method.equals("GET") ? List.of("GET", "HEAD") : List.of(method)) {
                    if (verb.equals("HEAD") && variant.kind() != Kind.SAME || verb.equals("HEAD")
                            && template.endsWith("/stream")) {
                        continue;
                    }
                    long started = System.nanoTime();
                    for (Client client : clients) {
                        RawHttp.Answer answer = http.send(verb, variant.path(), client.token(),
                                verb.equals("GET") || verb.equals("HEAD") ? Map.of()
                                        : Map.of("Content-Type", "application/json"),
                                verb.equals("GET") || verb.equals("HEAD") ? null : UNREADABLE_BODY);
                        requests++;
                        String problem = judge(operation.getValue(), variant, client, answer, verb.equals("HEAD"));
                        if (problem != null) {
                            boolean success = answer.status() >= 200 && answer.status() < 300;
                            unexpectedSuccesses += success ? 1 : 0;
                            mismatches.add(verb + " " + variant.path() + " as " + client.name() + " (" + variant.name()
                                    + "): " + answer.status() + ", " + problem);
                        }
                    }
                    timings.merge(verb + " " + template, System.nanoTime() - started, Long::sum);
                }
            }
        }
        timings.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6d ms %s%n", e.getValue() / 1_000_000, e.getKey()));
        System.out.printf(Locale.ROOT, "authorization matrix: %d operations x %d callers x %d path variants "
                        + "(+ HEAD of each GET on its equivalent spellings) = %d requests; %d unexpected successes, "
                        + "%d other mismatches%n", SCOPE_TABLE.size(), clients.size(), variantsTried, requests,
                unexpectedSuccesses, mismatches.size() - unexpectedSuccesses);
        assertThat(mismatches).as("answers the scope table does not allow").isEmpty();
    }

    /** Why an answer is not what the table requires; null when it is. */
    private static String judge(List<String> required, Variant variant, Client client, RawHttp.Answer answer,
                                boolean head) {
        int status = answer.status();
        if (variant.kind() == Kind.AMBIGUOUS) {
            return status == 400 ? null : "an ambiguous path must be refused with 400";
        }
        if (client.token() != null && !client.valid()) {
            // a token Stockbridge cannot act on: refused before any endpoint, found or not
            return status == 401 || status == 403 ? null : "a token without claims or audience must be refused";
        }
        if (variant.kind() == Kind.NO_ROUTE) {
            if (client.token() == null) {
                return status == 401 ? null : "no endpoint, no token: 401";
            }
            return status == 404 || status == 405 ? null : "no endpoint: 404 or 405";
        }
        boolean insufficientScope = status == 403 && String.valueOf(answer.header("WWW-Authenticate"))
                .contains("insufficient_scope");
        if (required.isEmpty()) {
            return status == 401 || insufficientScope ? "a public operation was refused" : null;
        }
        if (client.token() == null) {
            return status == 401 ? null : "no token: 401";
        }
        boolean allowed = required.stream().anyMatch(client.scopes()::contains);
        if (allowed) {
            return status == 401 || insufficientScope ? "refused a caller the table admits" : null;
        }
        if (!insufficientScope) {
            return "a caller without " + String.join(" or ", required) + " must get 403 insufficient_scope";
        }
        return head || answer.body().contains("\"requiredScope\":\"" + String.join(" or ", required) + "\"") ? null
                : "the 403 must name the scope required";
    }

    /** The operations of the served document, as "METHOD path", with the scopes the document says each requires. */
    private Map<String, List<String>> operations() {
        JsonNode document = json.readTree(http.send("GET", "/v3/api-docs", null, Map.of(), null).body());
        Map<String, List<String>> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (String method : List.of("get", "put", "post", "delete", "patch", "head", "options", "trace")) {
                if (path.getValue().has(method)) {
                    List<String> scopes = new ArrayList<>();
                    for (JsonNode requirement : path.getValue().get(method).path("security")) {
                        requirement.path("bearerToken").forEach(scope -> scopes.add(scope.asString()));
                    }
                    operations.put(method.toUpperCase(Locale.ROOT) + " " + path.getKey(), scopes);
                }
            }
        }
        return operations;
    }

    private List<Client> clients() {
        List<Client> clients = new ArrayList<>();
        // the demo clients as the sign-in page lists them
        for (JsonNode demo : json.readTree(http.send("GET", "/auth/local-clients", null, Map.of(), null).body())) {
            Set<String> scopes = new TreeSet<>();
            demo.get("scopes").forEach(scope -> scopes.add(scope.asString()));
            String name = demo.get("client").asString();
            clients.add(new Client(name, issuer.mint(name), scopes, true));
        }
        clients.add(new Client("no token", null, Set.of(), true));
        clients.add(new Client("every scope, no claims", issuer.mint("no-claims", TestSecurity.ALL_SCOPES, null, null,
                null, Duration.ofHours(1)), Set.copyOf(TestSecurity.ALL_SCOPES), false));
        clients.add(new Client("no scope", issuer.mint("no-scope", List.of(), "US CA", null, null, Duration.ofHours(1)),
                Set.of(), true));
        clients.add(new Client("another audience", issuer.mint("admin", TestSecurity.ALL_SCOPES, "US CA", null, null,
                Duration.ofHours(1), List.of("another-service")), Set.copyOf(TestSecurity.ALL_SCOPES), false));
        return clients;
    }

    /** The operation's path with its parameters filled, and every spelling of it the matrix tries. */
    private static List<Variant> variants(String template) {
        String path = fill(template);
        String[] parts = path.split("/");
        // the first literal segment after the prefix: /api/v1/<segment>/... or /auth/<segment>
        int at = path.startsWith("/api/v1/") ? 3 : 2;
        String segment = parts[at];
        String head = String.join("/", java.util.Arrays.copyOfRange(parts, 0, at));
        String tail = parts.length > at + 1 ? "/" + String.join("/", java.util.Arrays.copyOfRange(parts, at + 1,
                parts.length)) : "";
        int letter = segment.length() / 2;
        String encodedLetter = segment.substring(0, letter)
                + String.format(Locale.ROOT, "%%%02X", (int) segment.charAt(letter)) + segment.substring(letter + 1);
        String encodedPercent = "%25" + String.format(Locale.ROOT, "%02X", (int) segment.charAt(0))
                + segment.substring(1);
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("canonical", Kind.SAME, path));
        variants.add(new Variant("percent-encoded letter", Kind.SAME, head + "/" + encodedLetter + tail));
        variants.add(new Variant("percent-encoded prefix", Kind.SAME,
                String.format(Locale.ROOT, "/%%%02X", (int) path.charAt(1)) + path.substring(2)));
        variants.add(new Variant("upper case", Kind.NO_ROUTE, head + "/" + segment.toUpperCase(Locale.ROOT) + tail));
        variants.add(new Variant("trailing slash", Kind.NO_ROUTE, path + "/"));
        variants.add(new Variant(";param", Kind.AMBIGUOUS, head + "/" + segment + ";v=1" + tail));
        variants.add(new Variant("double slash", Kind.AMBIGUOUS, head + "//" + segment + tail));
        variants.add(new Variant("dot segment", Kind.AMBIGUOUS, head + "/./" + segment + tail));
        variants.add(new Variant("dot-dot segment", Kind.AMBIGUOUS, head + "/x/../" + segment + tail));
        variants.add(new Variant("encoded dot-dot", Kind.AMBIGUOUS, head + "/x/%2e%2e/" + segment + tail));
        variants.add(new Variant("encoded slash", Kind.AMBIGUOUS, head + "/" + segment
                + (tail.isEmpty() ? "%2Fx" : "%2F" + tail.substring(1))));
        variants.add(new Variant("encoded percent", Kind.AMBIGUOUS, head + "/" + encodedPercent + tail));
        return variants;
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    /** The path with each parameter given a value of the demo catalogue. */
    private static String fill(String template) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String before = template.substring(0, m.start());
            String value = switch (m.group(1)) {
                case "site" -> "SNS-R01";
                case "product", "productCode" -> "DIN-02240285";
                case "code" -> before.endsWith("/sites/") ? "SNS-R01" : "DIN-02240285";
                case "lot" -> "MATRIX-1";
                case "from" -> "HHS-1";
                case "to" -> "HHS-2";
                case "name" -> "Detroit-Windsor";
                default -> "1";
            };
            m.appendReplacement(filled, value);
        }
        m.appendTail(filled);
        return filled.toString();
    }

    private static Map<String, List<String>> table(Object... entries) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < entries.length; i += 2) {
            String key = (String) entries[i];
            if (!seen.add(key)) {
                throw new IllegalArgumentException("the scope table lists " + key + " twice");
            }
            @SuppressWarnings("unchecked")
            List<String> scopes = (List<String>) entries[i + 1];
            table.put(key, scopes);
        }
        return table;
    }
}
