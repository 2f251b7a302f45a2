package org.stockbridge.api.dashboard;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.stockbridge.api.web.ScopedHandler;

/**
 * Serves the dashboard's page at {@code /app/} (its scripts, styles and Chart.js come from the static resources and
 * the WebJar), and at {@code /app/config} what the page needs before anyone signs in: the OpenID Connect provider and
 * public client it signs in through, where one is configured ({@link DashboardSettings}). The page holds no data of its
 * own: everything it shows it reads from the public API with the signed-in user's token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DashboardSettings.class)
class DashboardRoutes {

    static final String RESOURCE_SERVER_ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    private static final Resource PAGE = new ClassPathResource("static/app/index.html");

    @Bean
    RouterFunction<ServerResponse> dashboardPage(DashboardSettings settings, Environment environment) {
        Map<String, Object> config = config(settings.oidc(), environment.getProperty(RESOURCE_SERVER_ISSUER));
        return route(GET("/app").or(GET("/app/")), ScopedHandler.open(request -> ServerResponse.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .bodyValue(PAGE)))
                .andRoute(GET("/app/config"), ScopedHandler.open(request -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noCache())
                        .bodyValue(config)));
    }

    /** The pages' Content-Security-Policy, which lets them fetch from the provider they sign in through. */
    @Bean
    DashboardPolicy dashboardPolicy(DashboardSettings settings, Environment environment) {
        return policy(settings.oidc(), environment.getProperty(RESOURCE_SERVER_ISSUER));
    }

    /**
     * The page's configuration: {@code oidc} names the provider's issuer, the dashboard's public client and the scopes
     * to ask for, or is {@code null} where the dashboard does not sign in through a provider (a client id is unset).
     */
    static Map<String, Object> config(DashboardSettings.Oidc oidc, String resourceServerIssuer) {
        Map<String, Object> config = new LinkedHashMap<>();
        String issuer = issuer(oidc, resourceServerIssuer);
        config.put("oidc", issuer == null ? null
                : Map.of("issuer", issuer, "clientId", oidc.clientId(), "scope", oidc.scope()));
        return config;
    }

    static DashboardPolicy policy(DashboardSettings.Oidc oidc, String resourceServerIssuer) {
        return DashboardPolicy.of(issuer(oidc, resourceServerIssuer));
    }

    /** The issuer the pages sign in through, or null where they sign in through no provider (no client id). */
    private static String issuer(DashboardSettings.Oidc oidc, String resourceServerIssuer) {
        if (oidc.clientId() == null) {
            return null;
        }
        String issuer = oidc.issuerUri() != null ? oidc.issuerUri()
                : resourceServerIssuer == null || resourceServerIssuer.isBlank() ? null : resourceServerIssuer.trim();
        if (issuer == null) {
            throw new IllegalStateException("stockbridge.dashboard.oidc.client-id is set but no issuer is: set "
                    + "stockbridge.dashboard.oidc.issuer-uri, or " + RESOURCE_SERVER_ISSUER);
        }
        return issuer;
    }
}
