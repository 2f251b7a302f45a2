package org.stockbridge.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.PublicEndpoint;
import org.stockbridge.api.web.RequiresScope;
import org.stockbridge.api.web.ScopedHandler;
import reactor.core.publisher.Mono;

class EndpointDeclarationsUnitTests {

    static class Endpoints {

        @RequiresScope({Caller.WRITE, Caller.APPROVE})
        Mono<String> declared() {
            return Mono.just("declared");
        }

        @PublicEndpoint("a test")
        Mono<String> open() {
            return Mono.just("open");
        }

        Mono<String> forgotten() {
            return Mono.just("forgotten");
        }

        @RequiresScope({})
        Mono<String> empty() {
            return Mono.just("empty");
        }

        @RequiresScope("superuser")
        Mono<String> unknown() {
            return Mono.just("unknown");
        }
    }

    private final EndpointRequirements requirements = new EndpointRequirements();

    @Test
    void an_annotated_handler_method_declares_the_scopes_any_of_which_admits_a_caller() throws Exception {
        assertThat(requirements.of(handler("declared"))).get()
                .extracting(EndpointRequirements.Requirement::describe).isEqualTo("write or approve");
        assertThat(requirements.of(handler("open"))).contains(EndpointRequirements.Requirement.PUBLIC);
        assertThat(requirements.of(handler("forgotten"))).isEmpty();
    }

    @Test
    void a_declaration_without_a_scope_or_with_an_unknown_one_is_an_error_not_an_open_door() {
        assertThatThrownBy(() -> requirements.of(handler("empty"))).hasMessageContaining("without a scope");
        assertThatThrownBy(() -> requirements.of(handler("unknown"))).hasMessageContaining("unknown scope superuser");
    }

    @Test
    void an_endpoint_of_stockbridge_without_a_rule_is_named_and_a_declared_one_is_not() throws Exception {
        RequestMappingHandlerMapping annotated = new RequestMappingHandlerMapping();
        register(annotated, "/declared", "declared");
        register(annotated, "/open", "open");
        register(annotated, "/forgotten", "forgotten");
        RouterFunctionMapping functional = new RouterFunctionMapping(
                route(GET("/scoped"), ScopedHandler.requiring(request -> ServerResponse.ok().build(), Caller.READ))
                        .andRoute(GET("/bare"), request -> ServerResponse.ok().build()));

        List<String> undeclared = EndpointDeclarations.undeclared(List.<HandlerMapping>of(annotated, functional),
                requirements);

        assertThat(undeclared).hasSize(2);
        assertThat(undeclared.get(0)).contains("/forgotten");
        assertThat(undeclared.get(1)).contains("/bare");
    }

    @Test
    void a_functional_route_declares_its_scopes_on_its_handler() {
        assertThat(requirements.of(ScopedHandler.requiring(request -> ServerResponse.ok().build(), Caller.ADMIN)))
                .get().extracting(EndpointRequirements.Requirement::describe).isEqualTo("admin");
        assertThat(requirements.of(ScopedHandler.open(request -> ServerResponse.ok().build()))).get()
                .extracting(EndpointRequirements.Requirement::open).isEqualTo(true);
        assertThatThrownBy(() -> ScopedHandler.requiring(request -> ServerResponse.ok().build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Endpoints(), Endpoints.class.getDeclaredMethod(name));
    }

    private static void register(RequestMappingHandlerMapping mapping, String path, String method) throws Exception {
        mapping.registerMapping(RequestMappingInfo.paths(path).methods(RequestMethod.GET).build(), new Endpoints(),
                Endpoints.class.getDeclaredMethod(method));
    }
}
