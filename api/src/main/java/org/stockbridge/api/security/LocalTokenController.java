package org.stockbridge.api.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.InetSocketAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.PublicEndpoint;
import reactor.core.publisher.Mono;

/**
 * Issues a local token to a demo client, for callers on this machine only, and only where the local issuer is on.
 * Everywhere else the path does not exist.
 */
@RestController
@Tag(name = "Local tokens", description = "Demo tokens in the embedded default configuration")
class LocalTokenController {

    private final ObjectProvider<LocalTokenIssuer> issuer;

    LocalTokenController(ObjectProvider<LocalTokenIssuer> issuer) {
        this.issuer = issuer;
    }

    /** A demo client as the sign-in page lists it. */
    record LocalClient(String client, String description, java.util.List<String> scopes, String jurisdiction,
                       String agency, java.util.List<String> sites) {
    }

    @PublicEndpoint("the sign-in page lists the demo clients before anyone holds a token")
    @org.springframework.web.bind.annotation.GetMapping("/auth/local-clients")
    @Operation(summary = "The demo clients of the local issuer (embedded default only)")
    Mono<java.util.List<LocalClient>> clients() {
        LocalTokenIssuer local = issuer.getIfAvailable();
        if (local == null) {
            return Mono.error(new NotFoundException("no resource at this path"));
        }
        return Mono.just(local.clients().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new LocalClient(e.getKey(), e.getValue().description(), e.getValue().scopes(),
                        e.getValue().jurisdiction(), e.getValue().agency(), e.getValue().sites()))
                .toList());
    }

    @PublicEndpoint("it is where a demo client gets its token; it answers callers on this machine only")
    @PostMapping(path = "/auth/local-token", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "A signed local token for a demo client (embedded default only, from this machine only)")
    Mono<String> token(@RequestParam("client") String client, ServerWebExchange exchange) {
        LocalTokenIssuer local = issuer.getIfAvailable();
        if (local == null) {
            return Mono.error(new NotFoundException("no resource at this path"));
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "local tokens are issued to callers on this machine only"));
        }
        if (!local.clients().containsKey(client)) {
            return Mono.error(new ApiException(HttpStatus.NOT_FOUND, "not-found", "Unknown client",
                    "no local client " + client + "; the clients are "
                            + local.clients().keySet().stream().sorted().toList()));
        }
        return Mono.fromSupplier(() -> local.mint(client));
    }
}
