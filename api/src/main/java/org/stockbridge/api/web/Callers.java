package org.stockbridge.api.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.domain.Jurisdiction;
import reactor.core.publisher.Mono;

/**
 * The caller of a request, as the security layer established it from the bearer token (see
 * {@code org.stockbridge.api.security}). The actor recorded on ledger lines is the token's client, followed by the
 * optional {@code X-Actor} header a partner system sends to name its own user ({@code ny-state-partner/jdoe}).
 */
public final class Callers {

    public static final String ACTOR_HEADER = "X-Actor";
    /** The exchange attribute and Reactor context key that hold the {@link Caller}. */
    public static final String ATTRIBUTE = Caller.class.getName();
    /** The exchange attribute naming the client of a verified token that was refused for its scopes. */
    public static final String UNAUTHORISED_CLIENT = Callers.class.getName() + ".refusedClient";

    private Callers() {
    }

    public static Caller caller(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "this request needs a bearer token");
        }
        return caller;
    }

    /** The caller from the Reactor context of a request, for services that have no exchange at hand. */
    public static Mono<Caller> current() {
        return Mono.deferContextual(context -> Mono.justOrEmpty(context.<Caller>getOrEmpty(ATTRIBUTE)));
    }

    public static String actor(ServerWebExchange exchange) {
        String client = caller(exchange).client();
        String actor = exchange.getRequest().getHeaders().getFirst(ACTOR_HEADER);
        if (actor == null || actor.isBlank()) {
            return client;
        }
        if (actor.length() > 100) {
            throw new InvalidRequestException(ACTOR_HEADER, "X-Actor must be at most 100 characters");
        }
        return client + "/" + actor.trim();
    }

    /** The client that Idempotency-Keys are scoped to. */
    public static String client(ServerWebExchange exchange) {
        return caller(exchange).client();
    }

    /** Refuses with 404 a site the caller may not see, as if it did not exist. */
    public static NotFoundException hidden(String what) {
        return new NotFoundException(what);
    }

    /** Refuses a change at a site of another jurisdiction than the caller acts in. */
    public static ApiException otherJurisdiction(String siteCode, Jurisdiction jurisdiction, Caller caller) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", caller.client() + " acts in "
                + caller.jurisdiction() + " and may not change stock at " + siteCode + " (" + jurisdiction + ")");
    }
}
