package org.stockbridge.api.security;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.stockbridge.api.web.PublicEndpoint;
import org.stockbridge.api.web.RequiresScope;
import org.stockbridge.api.web.ScopedHandler;

/**
 * What each handler declares of its callers: {@link RequiresScope} or {@link PublicEndpoint} on an annotated handler
 * method, or the scopes of a functional route's {@link ScopedHandler}. Read once per handler
 * method and kept.
 */
final class EndpointRequirements {

    private static final String OWN_PACKAGE = "org.stockbridge.";

    private final Map<Method, Optional<Requirement>> methods = new ConcurrentHashMap<>();

    /** What a handler requires; empty when it declares nothing. */
    Optional<Requirement> of(Object handler) {
        if (handler instanceof ScopedHandler scoped) {
            return Optional.of(new Requirement(scoped.scopes()));
        }
        if (handler instanceof HandlerMethod method) {
            return methods.computeIfAbsent(method.getMethod(), EndpointRequirements::declared);
        }
        return Optional.empty();
    }

    /** Whether the handler is Stockbridge's own (which must declare its rule), not the framework's or a library's. */
    static boolean own(Object handler) {
        if (handler instanceof ScopedHandler) {
            return true;
        }
        Class<?> type = handler instanceof HandlerMethod method ? method.getBeanType() : handler.getClass();
        return type.getName().startsWith(OWN_PACKAGE);
    }

    private static Optional<Requirement> declared(Method method) {
        return declared(AnnotatedElementUtils.findMergedAnnotation(method, RequiresScope.class),
                AnnotatedElementUtils.findMergedAnnotation(method, PublicEndpoint.class), method.toString());
    }

    private static Optional<Requirement> declared(RequiresScope scopes, PublicEndpoint open, String where) {
        if (scopes != null && open != null) {
            throw new IllegalStateException(where + " declares both @RequiresScope and @PublicEndpoint");
        }
        if (open != null) {
            return Optional.of(Requirement.PUBLIC);
        }
        if (scopes != null) {
            if (scopes.value().length == 0) {
                throw new IllegalStateException(where + " declares @RequiresScope without a scope");
            }
            return Optional.of(new Requirement(List.of(scopes.value())));
        }
        return Optional.empty();
    }

    /**
     * A handler's rule: any one of {@code anyOf} admits the caller; none means anyone may call it.
     *
     * @param anyOf the scopes, without the {@code SCOPE_} prefix
     */
    record Requirement(List<String> anyOf) {

        static final Requirement PUBLIC = new Requirement(List.of());

        Requirement {
            anyOf = List.copyOf(anyOf);
            for (String scope : anyOf) {
                if (!SCOPES.contains(scope)) {
                    throw new IllegalStateException("unknown scope " + scope + "; the scopes are " + SCOPES);
                }
            }
        }

        boolean open() {
            return anyOf.isEmpty();
        }

        /** As a 403 names it: "write or approve". */
        String describe() {
            return String.join(" or ", anyOf);
        }
    }

    static final List<String> SCOPES = List.of(org.stockbridge.api.web.Caller.READ,
            org.stockbridge.api.web.Caller.WRITE, org.stockbridge.api.web.Caller.FORECAST,
            org.stockbridge.api.web.Caller.APPROVE, org.stockbridge.api.web.Caller.ADMIN);
}
