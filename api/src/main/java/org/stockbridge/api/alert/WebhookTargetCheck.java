package org.stockbridge.api.alert;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.domain.alert.WebhookTargets;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Applies {@link WebhookTargets} to a URL: the URL itself, then every address its host resolves to (a name resolving to
 * one refused address is refused). Name resolution blocks, so it runs on the bounded elastic scheduler.
 */
@Component
class WebhookTargetCheck {

    static final String REFUSED = "webhook-target-refused";

    private final WebhookSettings settings;

    WebhookTargetCheck(WebhookSettings settings) {
        this.settings = settings;
    }

    /** The URL parsed, when it is a target the rule allows; 422 {@code webhook-target-refused} otherwise. */
    Mono<URI> checked(String url) {
        return Mono.defer(() -> {
            URI uri = parse(url);
            return resolve(uri).flatMap(addresses -> {
                Optional<String> refusal = refusal(addresses);
                return refusal.isPresent() ? Mono.<URI>error(refused(refusal.get())) : Mono.just(uri);
            });
        });
    }

    /** The URL's syntax and scheme checked without resolving its host; 422 when refused. */
    URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("webhookUrl is not a URL: " + e.getReason());
        }
        WebhookTargets.refusal(uri, settings.allowLoopback()).ifPresent(reason -> {
            throw refused(reason);
        });
        return uri;
    }

    /** The addresses the host resolves to, refused when it resolves to none. */
    Mono<List<InetAddress>> resolve(URI uri) {
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return Mono.fromCallable(() -> Arrays.asList(InetAddress.getAllByName(host)))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(UnknownHostException.class, e -> refused("the host " + host + " does not resolve"));
    }

    /** Why one of the addresses is refused, if one is. */
    Optional<String> refusal(List<InetAddress> addresses) {
        return addresses.stream().map(a -> WebhookTargets.refusal(a, settings.allowLoopback()))
                .flatMap(Optional::stream).findFirst();
    }

    static ApiException refused(String reason) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, REFUSED, "Webhook target refused", reason,
                Map.of("parameter", "webhookUrl"));
    }
}
