package org.stockbridge.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;

/** The words for the refusals of Spring Security's strict firewall, read from the firewall's own messages. */
class FirewallRefusalsUnitTests {

    private final StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();

    @Test
    void a_header_refused_for_its_name_or_value_is_not_repeated_in_the_detail() {
        String name = refusal(MockServerHttpRequest.get("/api/v1/sites").header("X-Evil\u0007", "v"),
                exchange -> exchange.getRequest().getHeaders().getFirst("X-Evil\u0007"));
        String value = refusal(MockServerHttpRequest.get("/api/v1/sites").header("X-Note", "<script>\u0007"),
                exchange -> exchange.getRequest().getHeaders().getFirst("X-Note"));

        assertThat(name).isEqualTo("the name of a request header holds a control character or an unassigned code "
                + "point").doesNotContain("Evil");
        assertThat(value).isEqualTo("the value of a request header holds a control character or an unassigned code "
                + "point").doesNotContain("X-Note").doesNotContain("script");
    }

    @Test
    void a_method_the_firewall_does_not_know_is_not_named() {
        assertThat(refusal(MockServerHttpRequest.method(HttpMethod.valueOf("<b>BREW"), "/api/v1/sites"),
                exchange -> { })).isEqualTo("the request's method is not one the service accepts");
    }

    @Test
    void a_path_names_what_it_holds_from_the_firewalls_list_not_the_path() {
        assertThat(refusal(MockServerHttpRequest.get("/api/v1/<b>x</b>;jsessionid=1"), exchange -> { }))
                .isEqualTo("the request's path holds a semicolon, which is refused as it could be read more than "
                        + "one way");
    }

    @Test
    void a_message_of_another_kind_gets_a_detail_of_its_own_words() {
        assertThat(FirewallRefusals.detail("The request was rejected because of \"<b>something</b>\""))
                .isEqualTo("the request was refused by the service's request firewall");
        assertThat(FirewallRefusals.detail(null))
                .isEqualTo("the request was refused by the service's request firewall");
    }

    /** The detail for the firewall's refusal of the request, made at once or when {@code reading} it. */
    private String refusal(MockServerHttpRequest.BaseBuilder<?> request, Consumer<ServerWebExchange> reading) {
        ServerExchangeRejectedException rejected = catchThrowableOfType(ServerExchangeRejectedException.class,
                () -> reading.accept(firewall.getFirewalledExchange(MockServerWebExchange.from(request)).block()));
        assertThat(rejected).isNotNull();
        assertThat(FirewallRefusals.problem(rejected).status().value()).isEqualTo(400);
        return FirewallRefusals.detail(rejected.getMessage());
    }
}
