package org.stockbridge.api.alert;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.stockbridge.api.web.ApiException;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Mono;

/**
 * Sends one webhook message: the target checked again after its host is resolved (a name that now resolves to a
 * refused address is refused, DNS rebinding), then one POST signed with every secret in force, without following
 * redirects, within the connect and answer timeouts; of the answer only the status and a short excerpt are kept.
 */
@Component
class WebhookSender implements DisposableBean {

    /** The most characters of an answer kept in the delivery log. */
    static final int EXCERPT = 200;

    /** What became of one attempt. */
    record Outcome(boolean delivered, Integer status, String error, String excerpt) {
    }

    private final WebhookTargetCheck targets;
    private final WebhookSettings settings;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "webhook-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http;

    WebhookSender(WebhookTargetCheck targets, WebhookSettings settings) {
        this.targets = targets;
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout())
                .executor(executor)
                .build();
    }

    Mono<Outcome> send(String url, List<String> secrets, String messageId, String body) {
        return Mono.defer(() -> {
            URI uri = targets.parse(url);
            return targets.resolve(uri).flatMap(addresses -> {
                Optional<String> refused = targets.refusal(addresses);
                if (refused.isPresent()) {
                    return Mono.just(new Outcome(false, null, "target refused: " + refused.get(), null));
                }
                return post(uri, secrets, messageId, body);
            });
        }).onErrorResume(ApiException.class, e -> Mono.just(new Outcome(false, null, "target refused: "
                + e.getMessage(), null)));
    }

    private Mono<Outcome> post(URI uri, List<String> secrets, String messageId, String body) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("content-type", "application/json")
                .header("user-agent", "Stockbridge-Webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignatures.header(secrets, messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()))
                .flatMap(response -> {
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    return JdkFlowAdapter.flowPublisherToFlux(response.body())
                            .concatMapIterable(buffers -> buffers)
                            .takeUntil(buffer -> {
                                byte[] bytes = new byte[Math.min(buffer.remaining(), EXCERPT - head.size())];
                                buffer.get(bytes);
                                head.writeBytes(bytes);
                                return head.size() >= EXCERPT;
                            })
                            .then(Mono.fromSupplier(() -> {
                                int status = response.statusCode();
                                String excerpt = head.size() == 0 ? null : head.toString(StandardCharsets.UTF_8);
                                return new Outcome(status >= 200 && status < 300, status,
                                        status >= 300 && status < 400 ? "redirect not followed" : null, excerpt);
                            }));
                })
                .timeout(settings.timeout().plus(Duration.ofSeconds(1)))
                .onErrorResume(e -> Mono.just(new Outcome(false, null, describe(e), null)));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
