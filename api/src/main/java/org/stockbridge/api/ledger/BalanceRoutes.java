package org.stockbridge.api.ledger;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.stockbridge.api.web.ETags;
import org.stockbridge.api.web.ScopedHandler;

/**
 * The route of {@link BalanceController#balance}: JSON with the balance version as its ETag. A failure becomes a
 * problem document through the same handler as every annotated endpoint's.
 */
@Configuration(proxyBeanMethods = false)
class BalanceRoutes {

    static final String PATH = "/api/v1/sites/{site}/products/{product}/lots/{lot}/balance";

    @Bean
    @RouterOperation(path = PATH, method = RequestMethod.GET, produces = MediaType.APPLICATION_JSON_VALUE,
            beanClass = BalanceController.class, beanMethod = "balance")
    RouterFunction<ServerResponse> balanceRoute(BalanceController balances) {
        return route(GET(PATH).or(HEAD(PATH)), ScopedHandler.declaredBy(BalanceController.class, "balance",
                request -> balances.balance(request.pathVariable("site"), request.pathVariable("product"),
                                request.pathVariable("lot"), request.exchange())
                        .flatMap(view -> ServerResponse.ok()
                                .eTag(ETags.of(view.version()))
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(view))));
    }
}
