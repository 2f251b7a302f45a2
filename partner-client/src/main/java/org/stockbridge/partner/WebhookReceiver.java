package org.stockbridge.partner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The partner's end of Stockbridge's webhooks: an HTTP server that verifies each message ({@link WebhookVerifier}),
 * applies a new one (hands its JSON to {@code apply}) and remembers its id, and answers 204; a duplicate (a redelivery of a message it
 * already applied) is answered 204 without applying it again; a message that fails verification is answered 401 and
 * one that is not JSON 400. A message is answered only after {@code apply} returned, so one that fails to apply is
 * answered 500 and Stockbridge delivers it again.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** The largest body read. */
    static final int MAX_BODY = 1 << 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final WebhookVerifier verifier;
    private final Applier apply;

    /** Applies one new message: its {@code webhook-id} and its JSON. */
    @FunctionalInterface
    public interface Applier {
        void apply(String id, JsonNode message);
    }

    public WebhookReceiver(InetSocketAddress address, WebhookVerifier verifier, Consumer<JsonNode> apply)
            throws IOException {
        this(address, verifier, (Applier) (id, message) -> apply.accept(message));
    }

    public WebhookReceiver(InetSocketAddress address, WebhookVerifier verifier, Applier apply) throws IOException {
        this.verifier = verifier;
        this.apply = apply;
        this.server = HttpServer.create(address, 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The port the receiver listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 405, "POST only");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                answer(exchange, 413, "body too large");
                return;
            }
            WebhookVerifier.Verified verified;
            try {
                verified = verifier.verify(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body);
            } catch (WebhookVerifier.Rejected e) {
                answer(exchange, 401, e.getMessage());
                return;
            }
            if (!verified.duplicate()) {
                JsonNode message;
                try {
                    message = JSON.readTree(body);
                } catch (JacksonException e) {
                    answer(exchange, 400, "the body is not JSON");
                    return;
                }
                try {
                    apply.apply(verified.id(), message);
                } catch (RuntimeException e) {
                    answer(exchange, 500, "not applied: " + e.getMessage());
                    return;
                }
                verifier.applied(verified.id());
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
