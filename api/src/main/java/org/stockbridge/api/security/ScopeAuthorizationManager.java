package org.stockbridge.api.security;

import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Admits an authenticated {@code /api/v1} request whose token carries one of the scopes {@link ScopeRules} asks of its
 * method and path (as the authority {@code SCOPE_name}); refuses any other, anonymous ones included (they get 401,
 * authenticated ones 403).
 */
final class ScopeAuthorizationManager implements ReactiveAuthorizationManager<AuthorizationContext> {

    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        ServerHttpRequest request = context.getExchange().getRequest();
        List<String> scopes = ScopeRules.required(request.getMethod(), request.getPath().pathWithinApplication().value());
        return authentication
                .filter(Authentication::isAuthenticated)
                .map(caller -> (AuthorizationResult) (holdsAny(caller, scopes) ? GRANTED : DENIED))
                .defaultIfEmpty(DENIED);
    }

    private static boolean holdsAny(Authentication caller, List<String> scopes) {
        for (GrantedAuthority authority : caller.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith("SCOPE_")) {
                for (String scope : scopes) {
                    if (name.length() == "SCOPE_".length() + scope.length() && name.endsWith(scope)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
