package org.stockbridge.api.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.stockbridge.api.web.ApiException;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.FirewallRefusals;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.ProblemResponses;

/**
 * Every {@code /api/v1} request needs a bearer JWT holding the scope its endpoint declares beside its mapping
 * ({@link org.stockbridge.api.web.RequiresScope}); the decision is made on the handler the router chooses for the
 * request ({@link EndpointAuthorizationManager}), and the application does not start while an endpoint declares no
 * rule ({@link EndpointDeclarations}). Paths that could be read two ways (an encoded slash, {@code ;}, {@code ..},
 * {@code //}) are refused by the strict firewall before anything else. Health, the OpenAPI document, Swagger UI and
 * the dashboard's static pages are open. Refusals are problem details: 400 for what the firewall refuses
 * ({@link FirewallRefusals}), 401 with {@code WWW-Authenticate: Bearer} without a valid token, 403 with one that lacks
 * the scope. A verified token is remembered for a few minutes (never
 * past its expiry), so a client's repeated requests check its signature once.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
class SecurityConfiguration {

    static final String LOCAL_ISSUER_ENABLED = "stockbridge.security.local-issuer.enabled";
    /** How long a verified token is remembered at most (never past its own expiry). */
    static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);
    /** How many verified tokens are remembered at most. */
    static final long VERIFIED_TOKEN_CACHE_SIZE = 10_000;

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemResponses problems,
                                                  ObjectProvider<ReactiveJwtDecoder> decoders,
                                                  ObjectProvider<DispatcherHandler> dispatcher,
                                                  EndpointRequirements requirements, SecuritySettings settings,
                                                  UnauthenticatedRateLimit unauthenticated) {
        ReactiveJwtDecoder decoder = decoders.getIfAvailable();
        if (decoder == null) {
            throw new IllegalStateException("no token issuer is configured: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri (or jwk-set-uri, or public-key-location) "
                    + "to your OAuth2 issuer, or " + LOCAL_ISSUER_ENABLED + "=true to use local demo tokens");
        }
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                // the same headers, written by SecurityHeadersWebFilter
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        // the framework's own endpoints and the dashboard's static files; everything else is decided
                        // on the handler the router chooses, by the rule that handler declares
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // the rest of the actuator, administrators only: the scrape names every client's feed lag
                        // and refusals, the index lists what is exposed (matched on the decoded path, as routed)
                        .pathMatchers("/actuator", "/actuator/**").access(EndpointAuthorizationManager.requiring(
                                new EndpointRequirements.Requirement(List.of(Caller.ADMIN))))
                        .pathMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                "/webjars/**").permitAll()
                        .pathMatchers(HttpMethod.GET, "/", "/index.html", "/app/**", "/favicon.ico").permitAll()
                        .anyExchange().access(new EndpointAuthorizationManager(handlerMappings(dispatcher),
                                requirements)))
                .oauth2ResourceServer(resource -> resource
                        .bearerTokenConverter(new BearerTokenConverter())
                        .jwt(jwt -> jwt.jwtDecoder(new CachingJwtDecoder(
                                new RequiredClaimsJwtDecoder(decoder, settings.audience()), VERIFIED_TOKEN_MAX_AGE,
                                VERIFIED_TOKEN_CACHE_SIZE)))
                        .authenticationEntryPoint((exchange, failure) -> {
                            boolean presented = exchange.getRequest().getHeaders().containsHeader("Authorization");
                            exchange.getResponse().getHeaders().set("WWW-Authenticate", presented
                                    ? "Bearer error=\"invalid_token\", error_description=\"the token is not valid\""
                                    : "Bearer");
                            return unauthenticated.refuse(exchange, new ApiException(HttpStatus.UNAUTHORIZED,
                                    "unauthorized", "Unauthorized", presented
                                    ? "the bearer token is not valid: " + failure.getMessage()
                                    : "this request needs a bearer token (Authorization: Bearer ...)"));
                        })
                        .accessDeniedHandler((exchange, denied) -> insufficientScope(exchange, problems)))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, failure) -> {
                            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
                            return unauthenticated.refuse(exchange, new ApiException(HttpStatus.UNAUTHORIZED,
                                    "unauthorized", "Unauthorized",
                                    "this request needs a bearer token (Authorization: Bearer ...)"));
                        })
                        .accessDeniedHandler((exchange, denied) -> insufficientScope(exchange, problems)))
                .build();
    }

    /**
     * Spring Security would otherwise wrap each of its filters, the authentication and the authorisation decision of
     * every request in observations of their own (a dozen timers a request); the request itself is still observed
     * ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall, checking header names and values by a scan rather than a regex. */
    @Bean
    ServerWebExchangeFirewall serverWebExchangeFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::allowedName);
        firewall.setAllowedHeaderValues(HeaderCharacters::allowedValue);
        return firewall;
    }

    /**
     * The firewall's refusals answer 400 as every other refusal does, as a problem ({@link FirewallRefusals}) whose
     * detail says what was refused without repeating the request; they are audited as before ({@code AuditWebFilter}
     * runs outside the security chain).
     */
    @Bean
    ServerExchangeRejectedHandler serverExchangeRejectedHandler(ProblemResponses problems) {
        return (exchange, rejected) -> problems.writeWithoutInstance(exchange, FirewallRefusals.problem(rejected));
    }

    @Bean
    @Conditional(LocalIssuerEnabled.class)
    LocalTokenIssuer localTokenIssuer(SecuritySettings settings) {
        return new LocalTokenIssuer(settings.localIssuer(), settings.audience());
    }

    @Bean
    @Conditional(LocalIssuerEnabled.class)
    ReactiveJwtDecoder localJwtDecoder(LocalTokenIssuer issuer) {
        return issuer.decoder();
    }

    /** 403 naming the scope that is missing; the token's client is kept for the audit row. */
    private static Mono<Void> insufficientScope(ServerWebExchange exchange, ProblemResponses problems) {
        return exchange.getPrincipal()
                .doOnNext(principal -> exchange.getAttributes().put(Callers.UNAUTHORISED_CLIENT, principal.getName()))
                .then(Mono.defer(() -> {
                    exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
                    return problems.write(exchange, new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                            "the token lacks the scope this request needs", Map.of("requiredScope",
                            requiredScope(exchange))));
                }));
    }

    private static String requiredScope(ServerWebExchange exchange) {
        EndpointRequirements.Requirement requirement = exchange.getAttribute(EndpointAuthorizationManager.REQUIREMENT);
        return requirement == null ? "none this token can hold" : requirement.describe();
    }

    @Bean
    EndpointRequirements endpointRequirements() {
        return new EndpointRequirements();
    }

    @Bean
    ResolvedHandlerMapping resolvedHandlerMapping() {
        return new ResolvedHandlerMapping();
    }

    @Bean
    static EndpointDeclarations endpointDeclarations(ListableBeanFactory beans) {
        return new EndpointDeclarations(beans, new EndpointRequirements());
    }

    /** The dispatcher's handler mappings, in its order, asked for at the first request (they exist by then). */
    private static Supplier<List<HandlerMapping>> handlerMappings(ObjectProvider<DispatcherHandler> dispatcher) {
        AtomicReference<List<HandlerMapping>> mappings = new AtomicReference<>();
        return () -> {
            List<HandlerMapping> known = mappings.get();
            if (known == null) {
                List<HandlerMapping> all = dispatcher.getObject().getHandlerMappings();
                known = all == null ? List.of() : all.stream()
                        .filter(mapping -> !(mapping instanceof ResolvedHandlerMapping)).toList();
                mappings.set(known);
            }
            return known;
        };
    }

    /**
     * The local issuer is on when {@value #LOCAL_ISSUER_ENABLED} says so, or, when unset, exactly in the embedded
     * default: no external database and no outside token issuer configured.
     */
    static final class LocalIssuerEnabled implements org.springframework.context.annotation.Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context.getEnvironment());
        }

        static boolean enabled(Environment environment) {
            String explicit = environment.getProperty(LOCAL_ISSUER_ENABLED);
            if (explicit != null && !explicit.isBlank()) {
                return Boolean.parseBoolean(explicit.trim());
            }
            return blank(environment, "stockbridge.db.url") && blank(environment, "spring.datasource.url")
                    && blank(environment, "spring.security.oauth2.resourceserver.jwt.issuer-uri")
                    && blank(environment, "spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
                    && blank(environment, "spring.security.oauth2.resourceserver.jwt.public-key-location");
        }

        private static boolean blank(Environment environment, String name) {
            String value = environment.getProperty(name);
            return value == null || value.isBlank();
        }
    }
}
