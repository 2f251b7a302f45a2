package org.stockbridge.api.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.stockbridge.api.web.ScopedHandler;
import reactor.core.publisher.Mono;

/**
 * Refuses to start an application in which an endpoint of Stockbridge declares no rule: every annotated handler
 * method needs {@link org.stockbridge.api.web.RequiresScope} or {@link org.stockbridge.api.web.PublicEndpoint} , every functional route a {@link ScopedHandler}. So a new endpoint
 * cannot be added without its rule; the requests of one that somehow did would still be refused
 * ({@link EndpointAuthorizationManager}).
 */
final class EndpointDeclarations implements SmartInitializingSingleton {

    private final ListableBeanFactory beans;
    private final EndpointRequirements requirements;

    EndpointDeclarations(ListableBeanFactory beans, EndpointRequirements requirements) {
        this.beans = beans;
        this.requirements = requirements;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> undeclared = undeclared(beans.getBeansOfType(HandlerMapping.class).values(), requirements);
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("these endpoints declare no access rule (@RequiresScope, @PublicEndpoint "
                    + "or a ScopedHandler route): " + undeclared);
        }
    }

    /** The endpoints of Stockbridge among these mappings that declare no rule, described. */
    static List<String> undeclared(Iterable<HandlerMapping> mappings, EndpointRequirements requirements) {
        List<String> undeclared = new ArrayList<>();
        for (HandlerMapping mapping : mappings) {
            if (mapping instanceof RequestMappingHandlerMapping annotated) {
                for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : annotated.getHandlerMethods().entrySet()) {
                    if (EndpointRequirements.own(entry.getValue())
                            && requirements.of(entry.getValue()).isEmpty()) {
                        undeclared.add(entry.getKey() + " " + entry.getValue().getShortLogMessage());
                    }
                }
            } else if (mapping instanceof RouterFunctionMapping functional && functional.getRouterFunction() != null) {
                functional.getRouterFunction().accept(new UndeclaredRoutes(undeclared));
            }
        }
        return undeclared;
    }

    /** Collects the functional routes of Stockbridge whose handler is not a ScopedHandler. */
    private record UndeclaredRoutes(List<String> undeclared) implements RouterFunctions.Visitor {

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            if (EndpointRequirements.own(handler) && !(handler instanceof ScopedHandler)) {
                undeclared.add(predicate.toString());
            }
        }

        @Override
        public void startNested(RequestPredicate predicate) {
        }

        @Override
        public void endNested(RequestPredicate predicate) {
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
        }
    }
}
