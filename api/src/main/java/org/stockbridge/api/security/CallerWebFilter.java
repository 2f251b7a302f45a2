package org.stockbridge.api.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.ProblemResponses;
import org.stockbridge.domain.Jurisdiction;
import reactor.core.publisher.Mono;

/**
 * Turns a verified token into the request's {@link Caller}: client ({@code sub}), scopes, the {@code jurisdiction} a
 * manager acts in (one country, or both for officials and administrators), and for a partner the site ids its
 * {@code sites} and {@code agency} claims name. A token that names none of these, or names an agency or sites claim
 * that is empty, is refused (403): where its holder may act cannot be told, and no token is taken as unrestricted by
 * default. The caller is kept
 * as an exchange attribute and in the Reactor context. Runs right after Spring Security has verified the token.
 */
@Component
@Order(CallerWebFilter.ORDER)
class CallerWebFilter implements WebFilter {

    static final int ORDER = -90;
    static final String JURISDICTION = "jurisdiction";
    static final String AGENCY = "agency";
    static final String SITES = "sites";

    private final DatabaseClient client;
    private final ProblemResponses problems;

    CallerWebFilter(DatabaseClient client, ProblemResponses problems) {
        this.client = client;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .flatMap(this::caller)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(caller -> {
                    if (caller.isEmpty()) {
                        return chain.filter(exchange);
                    }
                    exchange.getAttributes().put(Callers.ATTRIBUTE, caller.get());
                    return chain.filter(exchange).contextWrite(context -> context.put(Callers.ATTRIBUTE, caller.get()));
                })
                .onErrorResume(ApiException.class, problem -> problems.write(exchange, problem));
    }

    /**
     * The jurisdictions a {@code jurisdiction} claim names: one ({@code "US"}), or both as a list or a string of
     * both separated by spaces or commas; none when the claim is absent. An unknown name is refused.
     */
    static Set<Jurisdiction> jurisdictions(Object claim) {
        List<String> names = new ArrayList<>();
        if (claim instanceof String text) {
            names.addAll(List.of(text.trim().split("[\\s,]+")));
        } else if (claim instanceof java.util.Collection<?> list) {
            list.forEach(item -> names.add(String.valueOf(item).trim()));
        } else if (claim != null) {
            throw new IllegalArgumentException("a jurisdiction claim must be a string or a list");
        }
        Set<Jurisdiction> named = java.util.EnumSet.noneOf(Jurisdiction.class);
        for (String name : names) {
            if (!name.isEmpty()) {
                named.add(Jurisdiction.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
            }
        }
        return named;
    }

    /**
     * The partner claim that is present but empty ({@code "agency": ""}, {@code "sites": []}, a blank site code), or
     * null. Such a token is refused: taken as absent, the claim would turn a partner limited to its sites into a
     * manager of a whole jurisdiction.
     */
    static String emptyPartnerClaim(String agency, List<String> sites) {
        if (agency != null && agency.isBlank()) {
            return AGENCY;
        }
        if (sites != null && (sites.isEmpty() || sites.stream().anyMatch(site -> site == null || site.isBlank()))) {
            return SITES;
        }
        return null;
    }

    private Mono<Caller> caller(JwtAuthenticationToken token) {
        Jwt jwt = token.getToken();
        Set<String> scopes = new HashSet<>();
        for (GrantedAuthority authority : token.getAuthorities()) {
            if (authority.getAuthority().startsWith("SCOPE_")) {
                scopes.add(authority.getAuthority().substring("SCOPE_".length()));
            }
        }
        Set<Jurisdiction> jurisdictions;
        try {
            jurisdictions = jurisdictions(jwt.getClaims().get(JURISDICTION));
        } catch (IllegalArgumentException e) {
            return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "the token's jurisdiction claim must be US, CA or both (a list, or \"US CA\")"));
        }
        // a claim present as null names nothing, as an empty one does
        List<String> sites = jwt.hasClaim(SITES)
                ? java.util.Objects.requireNonNullElse(jwt.getClaimAsStringList(SITES), List.of()) : null;
        String agency = jwt.hasClaim(AGENCY)
                ? java.util.Objects.requireNonNullElse(jwt.getClaimAsString(AGENCY), "") : null;
        String emptyClaim = emptyPartnerClaim(agency, sites);
        if (emptyClaim != null) {
            return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "the token's "
                    + emptyClaim + " claim is present but names nothing, so which sites its holder may act at "
                    + "cannot be told; its issuer must name the partner's " + emptyClaim + " or leave the claim out"));
        }
        // the decoder refuses a token without sub (RequiredClaimsJwtDecoder)
        String subject = jwt.getSubject();
        boolean namesSites = sites != null || agency != null;
        if (jurisdictions.isEmpty() && !namesSites) {
            return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "the token names no jurisdiction, agency or sites, so where its holder may act is unknown; "
                            + "its issuer must add a jurisdiction claim (US, CA or both) or a partner's agency or "
                            + "sites"));
        }
        Jurisdiction jurisdiction = jurisdictions.size() == 1 ? jurisdictions.iterator().next() : null;
        if (!namesSites) {
            return Mono.just(new Caller(subject, scopes, jurisdiction, null));
        }
        return client.sql("SELECT id FROM site WHERE code = ANY(:codes) "
                        + "OR agency_id IN (SELECT id FROM agency WHERE code = :agency) ORDER BY id")
                .bind("codes", (sites == null ? List.<String>of() : sites).toArray(String[]::new))
                .bind("agency", agency == null ? "" : agency.trim())
                .map(row -> row.get("id", Long.class))
                .all()
                .collectList()
                .map(ids -> new Caller(subject, scopes, jurisdiction, new ArrayList<>(ids)));
    }
}
