package org.stockbridge.api.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on loopback for the tests: it records every request it gets and answers each path as told,
 * either always with one status or with 503 for the first attempts of each message and 204 after. It can be stopped
 * and started again on the same port, as a receiver that goes down and comes back.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String path, String id, String timestamp, String signature, String body, int answered,
                    long arrivedNanos, String host) {
    }

    private final int port;
    private volatile HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> status = new ConcurrentHashMap<>();
    private final Map<String, Integer> failFirst = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = listen(0);
        port = server.getAddress().getPort();
    }

    /** Stops listening: connections to the port are refused until {@link #restart()}. */
    public void stop() {
        server.stop(0);
    }

    /** Listens again on the same port, with what it received and was told kept. */
    public void restart() throws IOException {
        server = listen(port);
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        listening.createContext("/", exchange -> {
            long arrived = System.nanoTime();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            int answer = status.computeIfAbsent(path, p -> new AtomicInteger(204)).get();
            Integer failures = failFirst.get(path);
            if (failures != null && seen.computeIfAbsent(path + " " + id, k -> new AtomicInteger()).incrementAndGet()
                    <= failures) {
                answer = 503;
            }
            received.add(new Received(path, id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, answer, arrived,
                    exchange.getRequestHeaders().getFirst("host")));
            byte[] reply = ("answered " + answer).getBytes(StandardCharsets.UTF_8);
            if (answer == 204) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                exchange.sendResponseHeaders(answer, reply.length);
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        listening.start();
        return listening;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public void answer(String path, int statusCode) {
        status.computeIfAbsent(path, p -> new AtomicInteger()).set(statusCode);
    }

    /** Answers 503 to the first {@code attempts} requests of each message sent to {@code path}. */
    public void failFirst(String path, int attempts) {
        failFirst.put(path, attempts);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
