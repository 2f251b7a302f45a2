package org.stockbridge.api.ledger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.ETagged;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Mono;

/**
 * The balance of one lot, the API's most frequent read (partner systems poll it). Served by a functional route
 * ({@link BalanceRoutes}) rather than an annotated mapping, so a request skips the scan of every request mapping, the
 * argument resolvers and the content negotiation of a {@code ResponseEntity}; this class holds the documented
 * operation, and {@link LedgerRepository#balance} the query.
 */
@Component
@Tag(name = "Ledger")
class BalanceController {

    private final LedgerRepository ledger;

    BalanceController(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @RequiresScope(Caller.READ)
    @ETagged
    @Operation(operationId = "getLotBalance",

            summary = "The balance of one lot of a product at a site",
            description = "On hand in units of issue; the ETag is the balance version, which every movement bumps.")
    Mono<BalanceView> balance(@PathVariable String site, @PathVariable String product, @PathVariable String lot,
                              ServerWebExchange exchange) {
        return ledger.balance(site, product, lot, Callers.caller(exchange).siteFilter())
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no balance of lot " + lot + " of " + product
                        + " at " + site)));
    }

}
