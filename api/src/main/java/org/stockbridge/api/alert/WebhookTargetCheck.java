package org.stockbridge.api.alert;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
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
 * one refused address is refused). Name resolution blocks, so it runs on the bounded elastic scheduler. A subscription's
 * URL is checked here when it is saved; at delivery the same rule is applied by {@link CheckedAddressResolverGroup} to
 * the addresses the connection is made to.
 */
@Component
class WebhookTargetCheck {

    static final String REFUSED = "webhook-target-refused";

    private final WebhookSettings settings;
    private final WebhookNameLookup lookup;

    WebhookTargetCheck(WebhookSettings settings, WebhookNameLookup lookup) {
        this.settings = settings;
        this.lookup = lookup;
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
        return addresses(host)
                .onErrorMap(UnknownHostException.class, e -> refused("the host " + host + " does not resolve"));
    }

    /** The addresses {@code host} resolves to, looked up off the event loops; none is an UnknownHostException. */
    Mono<List<InetAddress>> addresses(String host) {
        return Mono.fromCallable(() -> {
            List<InetAddress> found = lookup.addresses(host);
            if (found.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return found;
        }).subscribeOn(Schedulers.boundedElastic());
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
