package org.stockbridge.api.security;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.RoutedHandler;

/**
 * First of the dispatcher's handler mappings: hands it the handler that {@link EndpointAuthorizationManager} already
 * found for this request (and authorised), so the dispatcher runs exactly the handler the decision was made on and
 * does not look it up again. Requests the manager did not decide fall through to the other mappings.
 */
final class ResolvedHandlerMapping extends AbstractHandlerMapping {

    ResolvedHandlerMapping() {
        setOrder(Ordered.HIGHEST_PRECEDENCE);
    }

    @Override
    protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
        Object handler = exchange.getAttribute(RoutedHandler.ATTRIBUTE);
        return Mono.justOrEmpty(handler);
    }
}
