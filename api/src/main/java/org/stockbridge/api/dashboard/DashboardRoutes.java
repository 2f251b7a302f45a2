package org.stockbridge.api.dashboard;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.stockbridge.api.web.ScopedHandler;

/**
 * Serves the dashboard's page at {@code /app/} (its scripts, styles and Chart.js come from the static resources and
 * the WebJar). The page holds no data of its own: everything it shows it reads from the public API with the signed-in
 * user's token.
 */
@Configuration(proxyBeanMethods = false)
class DashboardRoutes {

    private static final Resource PAGE = new ClassPathResource("static/app/index.html");

    @Bean
    RouterFunction<ServerResponse> dashboardPage() {
        return route(GET("/app").or(GET("/app/")), ScopedHandler.open(request -> ServerResponse.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .bodyValue(PAGE)));
    }
}
