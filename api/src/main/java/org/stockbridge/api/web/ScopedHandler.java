package org.stockbridge.api.web;

import java.util.List;
import java.util.Objects;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A functional route's handler with the scopes it requires, the functional counterpart of {@link RequiresScope}: the
 * security layer reads them from the handler the router chose. An empty list declares a public route, as
 * {@link PublicEndpoint} does.
 *
 * @param scopes   any one of these admits the caller; empty for a route anyone may call
 * @param delegate the handler
 */
public record ScopedHandler(List<String> scopes, HandlerFunction<ServerResponse> delegate)
        implements HandlerFunction<ServerResponse> {

    public ScopedHandler {
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(delegate, "delegate must not be null");
    }

    /** A handler that needs one of these scopes. */
    public static ScopedHandler requiring(HandlerFunction<ServerResponse> handler, String... scopes) {
        if (scopes.length == 0) {
            throw new IllegalArgumentException("scopes must name at least one scope; use open(...) for a public route");
        }
        return new ScopedHandler(List.of(scopes), handler);
    }

    /**
     * A handler that needs the scopes a documented method declares with {@link RequiresScope} (the method the route's
     * API documentation is read from), so the route and its document state one rule.
     */
    public static ScopedHandler declaredBy(Class<?> type, String method, HandlerFunction<ServerResponse> handler) {
        for (java.lang.reflect.Method candidate : type.getDeclaredMethods()) {
            RequiresScope declared = candidate.getAnnotation(RequiresScope.class);
            if (candidate.getName().equals(method) && declared != null) {
                return requiring(handler, declared.value());
            }
        }
        throw new IllegalStateException(type.getName() + "." + method + " declares no @RequiresScope");
    }

    /** A handler anyone may call. */
    public static ScopedHandler open(HandlerFunction<ServerResponse> handler) {
        return new ScopedHandler(List.of(), handler);
    }

    @Override
    public Mono<ServerResponse> handle(ServerRequest request) {
        return delegate.handle(request);
    }
}
