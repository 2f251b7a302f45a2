package org.stockbridge.api.policy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.ETagged;
import org.stockbridge.api.web.ETags;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Mono;

/**
 * Stock policies per (site, product), versioned: reads return the version as a strong ETag; a change must carry it in
 * {@code If-Match} (428 without it, 412 when another change came first). A policy that does not exist yet is created
 * by a PUT without {@code If-Match}; {@link StockPolicyService} says what happens when two creations race.
 */
@RestController
@RequestMapping("/api/v1/sites/{site}/products/{product}/policy")
@Tag(name = "Stock policies", description = "Safety stock, reorder point, maximum and reserve floor per site and product")
class StockPolicyController {

    private final StockPolicyService policies;

    StockPolicyController(StockPolicyService policies) {
        this.policies = policies;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @ETagged
    @Operation(operationId = "getStockPolicy",
            summary = "Get the stock policy of a site and product", description = "The ETag header holds its version.")
    Mono<ResponseEntity<StockPolicyView>> get(@PathVariable String site, @PathVariable String product,
                                              ServerWebExchange exchange) {
        return policies.get(Callers.caller(exchange), site, product)
                .map(policy -> ResponseEntity.ok().eTag(ETags.of(policy.version())).body(policy));
    }

    @RequiresScope(Caller.WRITE)
    @PutMapping
    @ETagged
    @Operation(operationId = "setStockPolicy",
            summary = "Create or change the stock policy of a site and product",
            description = "Changing an existing policy requires If-Match with its ETag: 428 without it, 412 when stale.")
    Mono<ResponseEntity<StockPolicyView>> put(@PathVariable String site, @PathVariable String product,
                                              @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestBody StockPolicyRequest request, ServerWebExchange exchange) {
        return policies.put(Callers.caller(exchange), Callers.actor(exchange), site, product, ifMatch, request)
                .map(written -> ResponseEntity.status(written.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .eTag(ETags.of(written.policy().version())).body(written.policy()));
    }
}
