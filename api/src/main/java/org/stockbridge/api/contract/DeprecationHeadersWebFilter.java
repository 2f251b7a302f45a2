package org.stockbridge.api.contract;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.stockbridge.api.web.RoutedHandler;
import org.stockbridge.api.web.Sunset;
import reactor.core.publisher.Mono;

/**
 * Tells the callers of a deprecated endpoint so, on every answer: {@code Deprecation: @<epoch seconds>} (RFC 9745)
 * from the day it was deprecated and {@code Sunset: <HTTP date>} (RFC 8594) from the day it stops answering, read
 * from the routed handler's {@link Sunset}.
 */
@Component
@Order(DeprecationHeadersWebFilter.ORDER)
class DeprecationHeadersWebFilter implements WebFilter {

    /** After the access decision, which finds the routed handler. */
    static final int ORDER = -60;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RoutedHandler.method(exchange)
                .filter(method -> method.hasMethodAnnotation(Deprecated.class))
                .map(method -> method.getMethodAnnotation(Sunset.class))
                .ifPresent(sunset -> {
                    DeprecationPolicy.check(sunset);
                    exchange.getResponse().getHeaders().set("Deprecation", "@" + LocalDate.parse(sunset.deprecatedOn())
                            .atStartOfDay(ZoneOffset.UTC).toEpochSecond());
                    exchange.getResponse().getHeaders().set("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME
                            .format(LocalDate.parse(sunset.on()).atStartOfDay(ZoneOffset.UTC)));
                });
        return chain.filter(exchange);
    }
}
