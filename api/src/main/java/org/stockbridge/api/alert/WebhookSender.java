package org.stockbridge.api.alert;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.stockbridge.api.web.ApiException;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends one webhook message: one POST signed with every secret in force, on a fresh connection, without following
 * redirects, within the connect and answer timeouts; of the answer only the status and a short excerpt are kept. The
 * host is resolved once, when connecting, and the target rule applied to the addresses connected to
 * ({@link CheckedAddressResolverGroup}), so a name that now resolves to a refused address (DNS rebinding) is refused.
 */
@Component
class WebhookSender {

    /** The most characters of an answer kept in the delivery log. */
    static final int EXCERPT = 200;

    /** What became of one attempt. */
    record Outcome(boolean delivered, Integer status, String error, String excerpt) {
    }

    private final WebhookTargetCheck targets;
    private final WebhookSettings settings;
    private final HttpClient http;

    WebhookSender(WebhookTargetCheck targets, WebhookSettings settings) {
        this.targets = targets;
        this.settings = settings;
        this.http = HttpClient.create(ConnectionProvider.newConnection())
                .resolver(new CheckedAddressResolverGroup(targets))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.timeout().toMillis()))
                .responseTimeout(settings.timeout())
                .followRedirect(false);
    }

    Mono<Outcome> send(String url, List<String> secrets, String messageId, String body) {
        return Mono.defer(() -> post(targets.parse(url), secrets, messageId, body))
                .onErrorResume(ApiException.class, e -> Mono.just(new Outcome(false, null, "target refused: "
                        + e.getMessage(), null)));
    }

    private Mono<Outcome> post(URI uri, List<String> secrets, String messageId, String body) {
        long timestamp = Instant.now().getEpochSecond();
        String signature = WebhookSignatures.header(secrets, messageId, timestamp, body);
        return http.headers(headers -> headers
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set(HttpHeaderNames.USER_AGENT, "Stockbridge-Webhooks/1")
                        .set("webhook-id", messageId)
                        .set("webhook-timestamp", Long.toString(timestamp))
                        .set("webhook-signature", signature))
                .post()
                .uri(uri)
                .send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
                        ByteBufAllocator.DEFAULT))
                .response((response, content) -> {
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    return content.asByteArray()
                            .takeUntil(bytes -> {
                                head.write(bytes, 0, Math.min(bytes.length, EXCERPT - head.size()));
                                return head.size() >= EXCERPT;
                            })
                            .then(Mono.fromSupplier(() -> {
                                int status = response.status().code();
                                String excerpt = head.size() == 0 ? null : head.toString(StandardCharsets.UTF_8);
                                return new Outcome(status >= 200 && status < 300, status,
                                        status >= 300 && status < 400 ? "redirect not followed" : null, excerpt);
                            }));
                })
                .next()
                .timeout(settings.timeout().plus(Duration.ofSeconds(1)))
                .onErrorResume(e -> Mono.just(new Outcome(false, null, describe(e), null)));
    }

    private static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CheckedAddressResolverGroup.RefusedAddressException refused) {
                return "target refused: " + refused.getMessage();
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }
}
