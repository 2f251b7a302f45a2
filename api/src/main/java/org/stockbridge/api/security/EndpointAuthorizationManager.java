package org.stockbridge.api.security;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.security.EndpointRequirements.Requirement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.RoutedHandler;

/**
 * Decides every request that no framework path rule opened, on the handler the router itself chooses for it: the
 * handler mappings of the dispatcher are asked here, as the dispatcher would ask them, on the same decoded and
 * normalised path, and the rule is the one the chosen handler declares ({@link EndpointRequirements}). So a request
 * can name an endpoint however it likes (percent-encoded letters, say): it reaches the handler only under that
 * handler's rule. The handler found is kept for the dispatcher ({@link ResolvedHandlerMapping}), which then does not
 * look it up a second time.
 * <ul>
 *   <li>a handler that requires scopes: an authenticated caller holding one of them ({@code SCOPE_name}); others are
 *       refused (401 without a valid token, 403 with one that lacks the scope, naming it);</li>
 *   <li>a public handler: anyone;</li>
 *   <li>a handler of Stockbridge's that declares nothing: no one (the application does not start with one, see
 *       {@link EndpointDeclarations}; this is the second line);</li>
 *   <li>a framework handler (static files) or no handler at all: any authenticated caller, who then gets what the
 *       dispatcher answers (404, 405 ...).</li>
 * </ul>
 */
final class EndpointAuthorizationManager implements ReactiveAuthorizationManager<AuthorizationContext> {

    /** The exchange attribute holding the {@link Requirement} of the handler found, for the 403's requiredScope. */
    static final String REQUIREMENT = EndpointAuthorizationManager.class.getName() + ".requirement";

    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

    private final Supplier<List<HandlerMapping>> mappings;
    private final EndpointRequirements requirements;

    EndpointAuthorizationManager(Supplier<List<HandlerMapping>> mappings, EndpointRequirements requirements) {
        this.mappings = mappings;
        this.requirements = requirements;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        ServerWebExchange exchange = context.getExchange();
        return handler(exchange).flatMap(handler -> {
            if (handler.isEmpty()) {
                return authenticated(authentication);
            }
            Optional<Requirement> requirement = requirements.of(handler.get());
            if (requirement.isEmpty()) {
                return EndpointRequirements.own(handler.get()) ? Mono.just(DENIED) : authenticated(authentication);
            }
            if (requirement.get().open()) {
                return Mono.just(GRANTED);
            }
            exchange.getAttributes().put(REQUIREMENT, requirement.get());
            return authentication
                    .filter(Authentication::isAuthenticated)
                    .map(caller -> (AuthorizationResult) (holdsAny(caller, requirement.get()) ? GRANTED : DENIED))
                    .defaultIfEmpty(DENIED);
        });
    }

    /**
     * The handler the dispatcher would choose, kept for it; empty when none matches. When the match fails on what the
     * endpoint takes or gives (a media type, a parameter), the handler the path and method name stands in for it, so
     * a caller without its scope learns nothing of what the endpoint accepts; the dispatcher then answers the failure
     * itself (415, 406, 400) to the callers the rule admits.
     */
    private Mono<Optional<Object>> handler(ServerWebExchange exchange) {
        return Flux.fromIterable(mappings.get())
                .concatMap(mapping -> mapping.getHandler(exchange))
                .next()
                .doOnNext(found -> exchange.getAttributes().put(RoutedHandler.ATTRIBUTE, found))
                .map(Optional::of)
                .onErrorResume(e -> Mono.just(pathAndMethodMatch(exchange)))
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * An annotated handler whose path pattern and method match the request, when every such handler declares the same
     * rule (one upload path may take JSON and CSV in two handlers).
     */
    private Optional<Object> pathAndMethodMatch(ServerWebExchange exchange) {
        List<Object> matches = new java.util.ArrayList<>();
        for (HandlerMapping mapping : mappings.get()) {
            if (mapping instanceof RequestMappingHandlerMapping annotated) {
                annotated.getHandlerMethods().forEach((info, method) -> {
                    if (info.getPatternsCondition().getMatchingCondition(exchange) != null
                            && info.getMethodsCondition().getMatchingCondition(exchange) != null) {
                        matches.add(method);
                    }
                });
            }
        }
        boolean oneRule = !matches.isEmpty() && matches.stream().map(requirements::of).distinct().count() == 1;
        return oneRule ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /**
     * A framework endpoint held to a rule of its own (the Prometheus scrape: {@code admin}): refused as a handler's
     * rule is, the 403 naming the scope.
     */
    static ReactiveAuthorizationManager<AuthorizationContext> requiring(Requirement requirement) {
        return (authentication, context) -> {
            context.getExchange().getAttributes().put(REQUIREMENT, requirement);
            return authentication
                    .filter(Authentication::isAuthenticated)
                    .map(caller -> (AuthorizationResult) (holdsAny(caller, requirement) ? GRANTED : DENIED))
                    .defaultIfEmpty(DENIED);
        };
    }

    private static Mono<AuthorizationResult> authenticated(Mono<Authentication> authentication) {
        return authentication
                .filter(Authentication::isAuthenticated)
                .map(caller -> (AuthorizationResult) GRANTED)
                .defaultIfEmpty(DENIED);
    }

    private static boolean holdsAny(Authentication caller, Requirement requirement) {
        for (GrantedAuthority authority : caller.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith("SCOPE_")) {
                for (String scope : requirement.anyOf()) {
                    if (name.length() == "SCOPE_".length() + scope.length() && name.endsWith(scope)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
