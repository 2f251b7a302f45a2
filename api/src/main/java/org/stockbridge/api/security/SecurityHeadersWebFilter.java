package org.stockbridge.api.security;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.stockbridge.api.dashboard.DashboardPolicy;
import reactor.core.publisher.Mono;

/**
 * The response headers Spring Security writes by default, written by one filter as the response is committed, on
 * every answer, refusals included: {@code Cache-Control: no-cache, no-store, max-age=0, must-revalidate},
 * {@code Pragma: no-cache} and {@code Expires: 0} unless the response set its own caching (or is a 304);
 * {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY}, {@code X-XSS-Protection: 0},
 * {@code Referrer-Policy: no-referrer}; {@code Strict-Transport-Security} over HTTPS. A header the response already
 * has is left as it is. Spring Security's default is a composite of six writers doing the same; here one filter
 * writes them all (its gain was measured only together with the functional balance route's), and with them a
 * {@code Content-Security-Policy}: the dashboard's ({@link DashboardPolicy}) on its pages and files, one for Swagger UI
 * on its pages, and on every other answer (JSON, problems, the API document) one that allows a document nothing at
 * all, {@value #API_POLICY}, so that an answer opened in a browser runs and loads nothing and cannot be framed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SecurityHeadersWebFilter implements WebFilter {

    static final String NO_CACHE = "no-cache, no-store, max-age=0, must-revalidate";
    static final String HSTS = "max-age=31536000 ; includeSubDomains";
    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    /**
     * Swagger UI's pages: its own scripts and styles, the icons its styles hold as data: URLs, the API's document. Its
     * bundle applies one inline style of its own, allowed by its hash; after an upgrade of Swagger UI,
     * {@code DashboardBrowserIntegrationTests} names the hash of the style the new bundle applies, if it changed.
     */
    static final String SWAGGER_UI_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final String dashboardPolicy;

    SecurityHeadersWebFilter(DashboardPolicy dashboard) {
        this.dashboardPolicy = dashboard.contentSecurityPolicy();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> write(exchange)));
        return chain.filter(exchange);
    }

    /** The policy of the answer to a request for {@code path}. */
    String policy(String path) {
        if (DashboardPolicy.covers(path)) {
            return dashboardPolicy;
        }
        if (path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/") || path.startsWith("/webjars/")) {
            return SWAGGER_UI_POLICY;
        }
        return API_POLICY;
    }

    void write(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        boolean notModified = HttpStatus.NOT_MODIFIED.equals(response.getStatusCode());
        if (!notModified && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)
                && !headers.containsHeader(HttpHeaders.EXPIRES) && !headers.containsHeader(HttpHeaders.PRAGMA)) {
            headers.set(HttpHeaders.CACHE_CONTROL, NO_CACHE);
            headers.set(HttpHeaders.PRAGMA, "no-cache");
            headers.set(HttpHeaders.EXPIRES, "0");
        }
        boolean https = exchange.getRequest().getSslInfo() != null
                || "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme());
        protections(policy(exchange.getRequest().getPath().value()), https)
                .forEach((name, value) -> setIfAbsent(headers, name, value));
    }

    /**
     * The protective headers every answer carries besides caching ones, with {@code policy} as its
     * Content-Security-Policy; also what the server's own refusals before the application write
     * ({@link RequestTargetRefusals}).
     */
    static Map<String, String> protections(String policy, boolean https) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("X-Content-Type-Options", "nosniff");
        out.put("X-Frame-Options", "DENY");
        out.put("X-XSS-Protection", "0");
        out.put("Referrer-Policy", "no-referrer");
        out.put(CONTENT_SECURITY_POLICY, policy);
        if (https) {
            out.put("Strict-Transport-Security", HSTS);
        }
        return out;
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }
}
