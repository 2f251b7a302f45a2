package org.stockbridge.api.ledger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.persistence.LotExpirySql;
import org.stockbridge.api.web.ETagged;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Mono;

/**
 * The balance of one lot, the API's most frequent read (partner systems poll it). Served by a functional route
 * ({@link BalanceRoutes}) rather than an annotated mapping, so a request skips the scan of every request mapping, the
 * argument resolvers and the content negotiation of a {@code ResponseEntity}; this class holds the query and the
 * documented operation.
 */
@Component
@Tag(name = "Ledger")
class BalanceController {

    /**
     * The balance read, also used verbatim by the benchmark's raw-SQL baseline (benchmarks/sql/balance.sql). The
     * extended expiry is shown only where it applies ({@link LotExpirySql#EXTENDED_EXPIRY}).
     */
    static final String BALANCE = "SELECT b.on_hand, b.version, b.updated_at, b.last_movement_id, l.labelled_expiry,\n"
            + "       " + LotExpirySql.EXTENDED_EXPIRY + " AS extended_expiry, l.status\n"
            + "  FROM balance b\n"
            + "  JOIN site s ON s.id = b.site_id\n"
            + "  JOIN product p ON p.id = b.product_id\n"
            + "  JOIN lot l ON l.id = b.lot_id\n"
            + " WHERE s.code = $1 AND p.code = $2 AND l.lot_number = $3";

    private final DatabaseClient client;

    BalanceController(DatabaseClient client) {
        this.client = client;
    }

    @RequiresScope(Caller.READ)
    @ETagged
    @Operation(operationId = "getLotBalance",

            summary = "The balance of one lot of a product at a site",
            description = "On hand in units of issue; the ETag is the balance version, which every movement bumps.")
    Mono<BalanceView> balance(@PathVariable String site, @PathVariable String product, @PathVariable String lot,
                              ServerWebExchange exchange) {
        Long[] visible = Callers.caller(exchange).siteFilter();
        DatabaseClient.GenericExecuteSpec spec = visible == null ? client.sql(BALANCE)
                : client.sql(BALANCE + " AND s.id = ANY($4)").bind(3, visible);
        return spec.bind(0, site).bind(1, product).bind(2, lot)
                .map(row -> new BalanceView(site, product, lot, row.get("on_hand", Long.class),
                        row.get("version", Long.class), row.get("updated_at", OffsetDateTime.class),
                        row.get("last_movement_id", Long.class), row.get("labelled_expiry", LocalDate.class),
                        row.get("extended_expiry", LocalDate.class), row.get("status", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no balance of lot " + lot + " of " + product
                        + " at " + site)));
    }

    record BalanceView(String site, String product, String lot, long onHand, long version, OffsetDateTime updatedAt,
                       long lastMovementId, LocalDate labelledExpiry, LocalDate extendedExpiry, String lotStatus) {
    }
}
