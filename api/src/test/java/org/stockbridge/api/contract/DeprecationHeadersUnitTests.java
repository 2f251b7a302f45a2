package org.stockbridge.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.method.HandlerMethod;
import org.stockbridge.api.web.RoutedHandler;
import org.stockbridge.api.web.Sunset;
import reactor.core.publisher.Mono;

class DeprecationHeadersUnitTests {

    static class Endpoints {

        @Deprecated
        @Sunset(deprecatedOn = "2026-12-01", on = "2027-06-30")
        Mono<String> old() {
            return Mono.just("old");
        }

        Mono<String> current() {
            return Mono.just("current");
        }

        @Deprecated
        @Sunset(deprecatedOn = "2026-12-01", on = "2027-01-31")
        Mono<String> hurried() {
            return Mono.just("hurried");
        }
    }

    @Test
    void a_deprecated_endpoint_answers_with_its_deprecation_and_sunset_dates() throws Exception {
        MockServerWebExchange exchange = routedTo("old");

        new DeprecationHeadersWebFilter().filter(exchange, next -> Mono.empty()).block();

        assertThat(exchange.getResponse().getHeaders().getFirst("Deprecation")).isEqualTo("@1796083200");
        assertThat(exchange.getResponse().getHeaders().getFirst("Sunset")).isEqualTo("Wed, 30 Jun 2027 00:00:00 GMT");
    }

    @Test
    void a_current_endpoint_answers_without_them() throws Exception {
        MockServerWebExchange exchange = routedTo("current");

        new DeprecationHeadersWebFilter().filter(exchange, next -> Mono.empty()).block();

        assertThat(exchange.getResponse().getHeaders().containsHeader("Deprecation")).isFalse();
        assertThat(exchange.getResponse().getHeaders().containsHeader("Sunset")).isFalse();
    }

    @Test
    void an_endpoint_may_not_stop_answering_less_than_six_months_after_its_deprecation() throws Exception {
        Sunset hurried = Endpoints.class.getDeclaredMethod("hurried").getAnnotation(Sunset.class);

        assertThatThrownBy(() -> DeprecationPolicy.check(hurried)).hasMessageContaining("less than 6 months");
    }

    private static MockServerWebExchange routedTo(String method) throws NoSuchMethodException {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/old"));
        exchange.getAttributes().put(RoutedHandler.ATTRIBUTE,
                new HandlerMethod(new Endpoints(), Endpoints.class.getDeclaredMethod(method)));
        return exchange;
    }
}
