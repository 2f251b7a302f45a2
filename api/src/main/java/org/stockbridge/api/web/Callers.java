package org.stockbridge.api.web;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling. Until token authentication is configured, callers name themselves with the {@code X-Actor} header
 * (recorded on every ledger line) and are all one client for Idempotency-Key scoping.
 */
public final class Callers {

    public static final String ACTOR_HEADER = "X-Actor";
    private static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    public static String actor(ServerWebExchange exchange) {
        String actor = exchange.getRequest().getHeaders().getFirst(ACTOR_HEADER);
        if (actor == null || actor.isBlank()) {
            return ANONYMOUS;
        }
        if (actor.length() > 100) {
            throw new InvalidRequestException(ACTOR_HEADER, "X-Actor must be at most 100 characters");
        }
        return actor.trim();
    }

    public static String client(ServerWebExchange exchange) {
        return ANONYMOUS;
    }
}
