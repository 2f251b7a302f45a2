package org.stockbridge.api.web;

import java.util.Optional;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ServerWebExchange;

/**
 * The handler the router chose for a request, kept on the exchange by the access decision (which asks the
 * dispatcher's own mappings), so that every rule that depends on what the request reaches (its scopes, whether it is
 * held open, whether it is deprecated) reads the same handler, however the path was spelled.
 */
public final class RoutedHandler {

    /** The exchange attribute holding the handler. */
    public static final String ATTRIBUTE = RoutedHandler.class.getName() + ".handler";

    private RoutedHandler() {
    }

    /** The annotated handler method the request reaches, when it reaches one. */
    public static Optional<HandlerMethod> method(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE) instanceof HandlerMethod method ? Optional.of(method)
                : Optional.empty();
    }
}
