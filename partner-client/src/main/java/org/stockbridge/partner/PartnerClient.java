package org.stockbridge.partner;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A reference partner client: keeps a local copy of the stock of the sites its token may see. At first start it reads
 * the feed head, then a snapshot of every visible site's balances; then it follows the change feed from that head,
 * applying each balance by version and recording each movement, and saves its store and cursor together after every
 * page by an atomic rename, so a client killed at any moment resumes exactly where its last saved page ended.
 *
 * <pre>
 * java -jar partner-client/target/stockbridge-partner-client-exec.jar \
 *     --server http://localhost:8080 --client ny-state-partner --store ./partner-store [--until-head]
 * </pre>
 * Every option may be an environment variable instead, which is how its image is configured ({@link PartnerSettings});
 * the token is given, read from a file, obtained by the client credentials grant or asked of the local issuer
 * ({@link TokenSource}). {@code --until-head} stops once the store has caught up with the feed; without it the client
 * follows forever. {@code --webhook-port PORT}, with the subscription's secret in {@code
 * STOCKBRIDGE_PARTNER_WEBHOOK_SECRET}, also starts the verifying webhook receiver ({@link #webhooks}), which keeps the
 * program running after {@code --until-head} caught up.
 */
public final class PartnerClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String server;
    private final TokenSource tokens;
    private final Path store;

    PartnerClient(String server, TokenSource.Kind tokens, Path store) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.tokens = new TokenSource(tokens, this.server, http, Clock.systemUTC());
        this.store = store;
    }

    /** The local store: the feed cursor, balances by site/product/lot, policies, and the movements applied. */
    static final class State {
        long after;
        long bootstrapHead;
        long duplicates;
        Map<String, long[]> balances = new TreeMap<>();
        Map<String, Long> policies = new TreeMap<>();
        TreeSet<Long> movements = new TreeSet<>();
    }

    public static void main(String[] args) throws Exception {
        PartnerSettings settings;
        try {
            settings = PartnerSettings.of(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("partner client: " + e.getMessage());
            System.err.println(PartnerSettings.USAGE);
            System.exit(2);
            return;
        }
        WebhookReceiver receiver = settings.webhooks() == null ? null
                : webhooks(settings.webhooks(), settings.store(), Clock.systemUTC());
        if (receiver != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(receiver::close, "webhook-receiver-stop"));
            System.out.println("receiving webhooks on port " + receiver.port());
        }
        int status = new PartnerClient(settings.server(), settings.tokens(), settings.store()).run(settings.untilHead());
        if (receiver != null && status == 0) {
            System.out.println("still receiving webhooks on port " + receiver.port() + " until stopped");
            Thread.currentThread().join();
        }
        System.exit(status);
    }

    /** Webhook ids remembered as applied, to recognise a redelivery. */
    static final int REMEMBERED_WEBHOOKS = 100_000;

    /**
     * Starts the verifying webhook receiver on all interfaces at the settings' port: it checks each message against the
     * secrets, applies a new one to the store's webhook log ({@link WebhookLog}) and acknowledges a redelivery of one
     * already applied, before or since a restart, without applying it again.
     */
    static WebhookReceiver webhooks(PartnerSettings.Webhooks settings, Path store, Clock clock) throws IOException {
        WebhookLog log = new WebhookLog(store, clock);
        WebhookVerifier verifier = new WebhookVerifier(settings.secrets(), clock, REMEMBERED_WEBHOOKS);
        log.appliedIds().forEach(verifier::applied);
        return new WebhookReceiver(new InetSocketAddress(settings.port()), verifier, log::apply);
    }

    int run(boolean untilHead) throws IOException, InterruptedException {
        Files.createDirectories(store);
        State state = load();
        if (state == null) {
            state = bootstrap();
            save(state);
            System.out.println("bootstrapped " + state.balances.size() + " balances at feed position " + state.after);
        }
        while (true) {
            JsonNode page = get("/api/v1/changes?after=" + state.after + "&limit=500&wait=" + (untilHead ? 0 : 20));
            List<JsonNode> items = new ArrayList<>();
            page.get("items").forEach(items::add);
            for (JsonNode change : items) {
                apply(state, change);
            }
            // The page's cursor, even for an empty page: it moves past the changes of sites this client may not see,
            // and a client that kept its own would ask again from there for ever once the newest changes are such.
            long after = Math.max(state.after, page.get("after").asLong());
            if (after != state.after) {
                state.after = after;
                save(state);
            }
            if (untilHead && state.after >= page.get("head").asLong()) {
                System.out.println("caught up at feed position " + state.after + ": " + state.balances.size()
                        + " balances, " + state.movements.size() + " movements, " + state.duplicates + " duplicates");
                return 0;
            }
        }
    }

    /** The head first, then the balances: a change between the two is in the feed after the head, applied by version. */
    private State bootstrap() throws IOException, InterruptedException {
        State state = new State();
        state.after = get("/api/v1/changes/head").get("position").asLong();
        state.bootstrapHead = state.after;
        for (String site : pages("/api/v1/sites?limit=500", item -> item.get("code").asString())) {
            for (long[] unused : pages("/api/v1/sites/" + encode(site) + "/stock?includeEmpty=true&limit=500", item -> {
                JsonNode lot = item.get("lot");
                String key = site + "|" + item.get("product").get("code").asString() + "|" + lot.get("number").asString();
                state.balances.put(key, new long[] {lot.get("onHand").asLong(), lot.get("balanceVersion").asLong()});
                return new long[0];
            })) {
                // collected into the state above
            }
        }
        return state;
    }

    static void apply(State state, JsonNode change) {
        JsonNode payload = change.get("payload");
        switch (change.get("kind").asString()) {
            case "movement" -> {
                long id = payload.get("movement").get("id").asLong();
                if (!state.movements.add(id)) {
                    state.duplicates++;
                }
                JsonNode balance = payload.get("balance");
                String key = balance.get("site").asString() + "|" + balance.get("product").asString() + "|"
                        + balance.get("lot").asString();
                long version = balance.get("version").asLong();
                long[] known = state.balances.get(key);
                if (known == null || known[1] < version) {
                    state.balances.put(key, new long[] {balance.get("onHand").asLong(), version});
                }
            }
            case "policy" -> {
                JsonNode policy = payload.get("policy");
                state.policies.merge(policy.get("site").asString() + "|" + policy.get("product").asString(),
                        policy.get("version").asLong(), Math::max);
            }
            default -> {
                // kinds this client does not keep (shortage reports, transfers) only move the cursor
            }
        }
    }

    private <T> List<T> pages(String path, java.util.function.Function<JsonNode, T> item)
            throws IOException, InterruptedException {
        List<T> result = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(path + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            page.get("items").forEach(node -> result.add(item.apply(node)));
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return result;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        boolean renewed = false;
        for (int attempt = 0; ; attempt++) {
            String token = tokens.current();
            HttpRequest request = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
                if (response.statusCode() == 401 && !renewed && tokens.refused(token)) {
                    renewed = true; // expired or rotated: one more try with a fresh token
                    continue;
                }
                if (response.statusCode() != 429 && response.statusCode() < 500) {
                    throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
                }
            } catch (ConnectException e) {
                if (attempt >= 30) {
                    throw e;
                }
            }
            Thread.sleep(Math.min(5_000, 200L * (attempt + 1)));
        }
    }

    private State load() throws IOException {
        Path file = store.resolve("state.json");
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        State state = new State();
        state.after = node.get("after").asLong();
        state.bootstrapHead = node.get("bootstrapHead").asLong();
        state.duplicates = node.get("duplicates").asLong();
        node.get("balances").properties().forEach(e -> state.balances.put(e.getKey(),
                new long[] {e.getValue().get("onHand").asLong(), e.getValue().get("version").asLong()}));
        node.get("policies").properties().forEach(e -> state.policies.put(e.getKey(), e.getValue().asLong()));
        node.get("movements").forEach(id -> state.movements.add(id.asLong()));
        return state;
    }

    /** Writes the whole store to a temporary file, forces it to disk and renames it over the old one. */
    private void save(State state) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("after", state.after);
        node.put("bootstrapHead", state.bootstrapHead);
        node.put("duplicates", state.duplicates);
        ObjectNode balances = node.putObject("balances");
        state.balances.forEach((key, value) -> balances.putObject(key).put("onHand", value[0]).put("version", value[1]));
        ObjectNode policies = node.putObject("policies");
        state.policies.forEach(policies::put);
        var movements = node.putArray("movements");
        state.movements.forEach(movements::add);
        Path temporary = store.resolve("state.json.tmp");
        Files.writeString(temporary, JSON.writeValueAsString(node), StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, store.resolve("state.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
