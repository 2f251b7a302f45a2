package org.stockbridge.api.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
 * Issues a local token to a demo client, and lists the demo clients, only where the local issuer is on (everywhere
 * else the paths do not exist) and only to this machine's own pages: from a loopback address, with a loopback name in
 * {@code Host} and no foreign {@code Origin} (see {@link LocalRequests}); anything else is refused with 403 saying
 * why.
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
    @Operation(operationId = "listLocalClients",
            summary = "The demo clients of the local issuer (embedded default only, to this machine's pages only)")
    Mono<java.util.List<LocalClient>> clients(ServerWebExchange exchange) {
        LocalTokenIssuer local = issuer.getIfAvailable();
        if (local == null) {
            return Mono.error(new NotFoundException("no resource at this path"));
        }
        return LocalRequests.verify(exchange.getRequest()).then(Mono.fromSupplier(() -> local.clients().entrySet()
                .stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new LocalClient(e.getKey(), e.getValue().description(), e.getValue().scopes(),
                        e.getValue().jurisdiction(), e.getValue().agency(), e.getValue().sites()))
                .toList()));
    }

    @PublicEndpoint("it is where a demo client gets its token; it answers callers on this machine only")
    @PostMapping(path = "/auth/local-token", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(operationId = "createLocalToken",
            summary = "A signed local token for a demo client (embedded default only, to this machine's pages only)",
            description = "Refused with 403 unless the request comes from a loopback address with Host localhost, "
                    + "127.0.0.1 or [::1] (any port) and no Origin of another host.")
    Mono<String> token(@RequestParam("client") String client, ServerWebExchange exchange) {
        LocalTokenIssuer local = issuer.getIfAvailable();
        if (local == null) {
            return Mono.error(new NotFoundException("no resource at this path"));
        }
        return LocalRequests.verify(exchange.getRequest()).then(Mono.fromSupplier(() -> {
            if (!local.clients().containsKey(client)) {
                throw new ApiException(HttpStatus.NOT_FOUND, "not-found", "Unknown client", "no local client " + client
                        + "; the clients are " + local.clients().keySet().stream().sorted().toList());
            }
            return local.mint(client);
        }));
    }
}
