package org.stockbridge.api.policy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.audit.AuditTrail;
import org.stockbridge.api.web.ETagged;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.RequiresScope;

/**
 * Stock policies per (site, product), versioned: reads return the version as a strong ETag; a change must carry it in
 * {@code If-Match} (428 without it, 412 when another change came first). A policy that does not exist yet is created
 * by a PUT without {@code If-Match}.
 *
 * <p>A PUT without {@code If-Match} is a create on the condition that no policy exists yet (what
 * {@code If-None-Match: *} would say). When two such PUTs race, the first to insert creates the policy (201) and the
 * other finds its condition failed: 412 {@code precondition-failed}, as any stale precondition here, naming the ETag
 * to change it with; it wrote nothing (its transaction is rolled back and its insert left no row). 412 rather than 409
 * because the loser's request was not in conflict with the policy's state as a whole, only with its own implicit
 * precondition, and a client already handles 412 by reading the policy and retrying with {@code If-Match}. A PUT
 * that arrives once the policy is committed gets 428 as before.
 */
@RestController
@RequestMapping("/api/v1/sites/{site}/products/{product}/policy")
@Tag(name = "Stock policies", description = "Safety stock, reorder point, maximum and reserve floor per site and product")
class StockPolicyController {

    private static final String SELECT = """
            SELECT s.code AS site, p.code AS product, sp.safety_stock, sp.reorder_point, sp.max_stock,
                   sp.reserve_floor, sp.version, sp.updated_at, sp.updated_by
              FROM stock_policy sp JOIN site s ON s.id = sp.site_id JOIN product p ON p.id = sp.product_id
             WHERE s.code = :site AND p.code = :product""";

    private final DatabaseClient client;
    private final TransactionalOperator transaction;
    private final AuditTrail audit;

    StockPolicyController(DatabaseClient client, TransactionalOperator transaction, AuditTrail audit) {
        this.client = client;
        this.transaction = transaction;
        this.audit = audit;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @ETagged
    @Operation(operationId = "getStockPolicy",
            summary = "Get the stock policy of a site and product", description = "The ETag header holds its version.")
    Mono<ResponseEntity<StockPolicyView>> get(@PathVariable String site, @PathVariable String product,
                                              ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return ids(site, product, caller, false).then(find(site, product))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no stock policy for " + product + " at " + site)))
                .map(policy -> ResponseEntity.ok().eTag(etag(policy.version())).body(policy));
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
        return Mono.defer(() -> {
            Validated policy = validate(request);
            Long expected = ifMatch == null ? null : parseEtag(ifMatch);
            String actor = Callers.actor(exchange);
            Caller caller = Callers.caller(exchange);
            Mono<ResponseEntity<StockPolicyView>> work = ids(site, product, caller, true).flatMap(ids -> find(site, product)
                    .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(existing -> {
                        if (existing.isEmpty()) {
                            if (expected != null) {
                                return Mono.error(stale("no stock policy exists yet for " + product + " at " + site));
                            }
                            return insert(ids, policy, actor)
                                    .flatMap(inserted -> inserted == 0 ? createdMeanwhile(site, product)
                                            : find(site, product))
                                    .flatMap(created -> audit.applied(201, "stock policy of " + product + " at " + site
                                            + " created", null, created).thenReturn(created))
                                    .map(created -> ResponseEntity.status(HttpStatus.CREATED)
                                            .eTag(etag(created.version())).body(created));
                        }
                        if (expected == null) {
                            return Mono.error(new ApiException(HttpStatus.PRECONDITION_REQUIRED, "precondition-required",
                                    "If-Match required", "changing a stock policy requires If-Match with its current ETag "
                                    + etag(existing.get().version()), Map.of("etag", etag(existing.get().version()))));
                        }
                        return update(ids, policy, expected, actor).flatMap(updated -> updated == 0
                                ? Mono.error(stale("the stock policy changed since version " + expected))
                                : find(site, product)
                                        .flatMap(p -> audit.applied(200, "stock policy of " + product + " at " + site
                                                + " changed", existing.get(), p).thenReturn(p))
                                        .map(p -> ResponseEntity.ok().eTag(etag(p.version())).body(p)));
                    }));
            return transaction.transactional(work);
        });
    }

    private Mono<StockPolicyView> find(String site, String product) {
        return client.sql(SELECT).bind("site", site).bind("product", product)
                .map(row -> new StockPolicyView(row.get("site", String.class), row.get("product", String.class),
                        row.get("safety_stock", Long.class), row.get("reorder_point", Long.class),
                        row.get("max_stock", Long.class), row.get("reserve_floor", Long.class),
                        row.get("version", Long.class), row.get("updated_at", java.time.OffsetDateTime.class),
                        row.get("updated_by", String.class)))
                .one();
    }

    /**
     * The site and product ids; 404 for a site the caller may not see, as for one that does not exist, and for a
     * change 403 at a site of another jurisdiction than the caller acts in.
     */
    private Mono<long[]> ids(String site, String product, Caller caller, boolean write) {
        return client.sql("SELECT (SELECT id FROM site WHERE code = :site) AS site_id, "
                        + "(SELECT jurisdiction FROM site WHERE code = :site) AS jurisdiction, "
                        + "(SELECT id FROM product WHERE code = :product) AS product_id")
                .bind("site", site).bind("product", product)
                .map(row -> new Object[] {row.get("site_id", Long.class), row.get("product_id", Long.class),
                        row.get("jurisdiction", String.class)})
                .one()
                .flatMap(ids -> {
                    if (ids[0] == null || !caller.sees((Long) ids[0])) {
                        return Mono.error(new NotFoundException("no site with code " + site));
                    }
                    Jurisdiction jurisdiction = Jurisdiction.valueOf((String) ids[2]);
                    if (write && !caller.actsIn(jurisdiction)) {
                        return Mono.error(Callers.otherJurisdiction(site, jurisdiction, caller));
                    }
                    if (ids[1] == null) {
                        return Mono.error(new NotFoundException("no product with code " + product));
                    }
                    return Mono.just(new long[] {(Long) ids[0], (Long) ids[1]});
                });
    }

    /**
     * Inserts the policy unless one exists: 0 rows when a concurrent request committed it first (the insert waits for
     * that request's transaction and then leaves the row alone instead of failing on the primary key).
     */
    private Mono<Long> insert(long[] ids, Validated p, String actor) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("INSERT INTO stock_policy (site_id, product_id, "
                        + "safety_stock, reorder_point, max_stock, reserve_floor, updated_by) VALUES (:site, :product, "
                        + ":safety, :reorder, :max, :reserve, :actor) ON CONFLICT (site_id, product_id) DO NOTHING")
                .bind("site", ids[0]).bind("product", ids[1]).bind("safety", p.safetyStock())
                .bind("reorder", p.reorderPoint()).bind("reserve", p.reserveFloor()).bind("actor", actor);
        spec = p.maxStock() == null ? spec.bindNull("max", Long.class) : spec.bind("max", p.maxStock());
        return spec.fetch().rowsUpdated();
    }

    private Mono<Long> update(long[] ids, Validated p, long expectedVersion, String actor) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("UPDATE stock_policy SET safety_stock = :safety, "
                        + "reorder_point = :reorder, max_stock = :max, reserve_floor = :reserve, version = version + 1, "
                        + "updated_at = now(), updated_by = :actor "
                        + "WHERE site_id = :site AND product_id = :product AND version = :version")
                .bind("site", ids[0]).bind("product", ids[1]).bind("safety", p.safetyStock())
                .bind("reorder", p.reorderPoint()).bind("reserve", p.reserveFloor()).bind("actor", actor)
                .bind("version", expectedVersion);
        spec = p.maxStock() == null ? spec.bindNull("max", Long.class) : spec.bind("max", p.maxStock());
        return spec.fetch().rowsUpdated();
    }

    static Validated validate(StockPolicyRequest r) {
        if (r == null) {
            throw new InvalidRequestException("body", "a stock policy body is required");
        }
        long safety = nonNegative("safetyStock", r.safetyStock());
        long reorder = nonNegative("reorderPoint", r.reorderPoint());
        long reserve = r.reserveFloor() == null ? 0 : nonNegative("reserveFloor", r.reserveFloor());
        if (reorder < safety) {
            throw new InvalidRequestException("reorderPoint", "reorderPoint must be at least safetyStock");
        }
        if (r.maxStock() != null && r.maxStock() < reorder) {
            throw new InvalidRequestException("maxStock", "maxStock must be at least reorderPoint");
        }
        return new Validated(safety, reorder, r.maxStock(), reserve);
    }

    private static long nonNegative(String field, Long value) {
        if (value == null || value < 0) {
            throw new InvalidRequestException(field, field + " must be a whole number of units, zero or more");
        }
        return value;
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static long parseEtag(String ifMatch) {
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw stale("If-Match " + ifMatch + " is not an ETag this API issued");
        }
    }

    /** 412 for the loser of two concurrent creations, with the ETag the winner's policy now has. */
    private Mono<StockPolicyView> createdMeanwhile(String site, String product) {
        return find(site, product).map(winner -> etag(winner.version())).defaultIfEmpty("")
                .flatMap(etag -> Mono.error(new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition-failed",
                        "Precondition failed", "another request created the stock policy of " + product + " at " + site
                        + " first; read it and change it with If-Match " + etag,
                        etag.isEmpty() ? Map.of() : Map.of("etag", etag))));
    }

    private static ApiException stale(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed", detail);
    }

    record Validated(long safetyStock, long reorderPoint, Long maxStock, long reserveFloor) {
    }
}
