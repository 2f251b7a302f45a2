package org.stockbridge.api.policy;

import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.stockbridge.api.audit.AuditTrail;
import org.stockbridge.api.site.SiteRef;
import org.stockbridge.api.site.Sites;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.ETags;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import reactor.core.publisher.Mono;

/**
 * Reads and changes stock policies under their rules: valid levels, the site visible to the caller (404 otherwise)
 * and, for a change, in a jurisdiction the caller acts in (403); a change of an existing policy names its version.
 *
 * <p>A PUT without {@code If-Match} is a create on the condition that no policy exists yet (what
 * {@code If-None-Match: *} would say). When two such PUTs race, the first to insert creates the policy (201) and the
 * other finds its condition failed: 412 {@code precondition-failed}, as any stale precondition here, naming the ETag
 * to change it with; it wrote nothing (its transaction is rolled back and its insert left no row). 412 rather than 409
 * because the loser's request was not in conflict with the policy's state as a whole, only with its own implicit
 * precondition, and a client already handles 412 by reading the policy and retrying with {@code If-Match}. A PUT
 * that arrives once the policy is committed gets 428 as before.
 */
@Service
class StockPolicyService {

    /** A policy as written: the outcome of a change and the policy it left. */
    record Written(boolean created, StockPolicyView policy) {
    }

    record Validated(long safetyStock, long reorderPoint, Long maxStock, long reserveFloor) {
    }

    private record Ids(long site, long product) {
    }

    private final StockPolicyRepository policies;
    private final Sites sites;
    private final TransactionalOperator transaction;
    private final AuditTrail audit;

    StockPolicyService(StockPolicyRepository policies, Sites sites, TransactionalOperator transaction,
                       AuditTrail audit) {
        this.policies = policies;
        this.sites = sites;
        this.transaction = transaction;
        this.audit = audit;
    }

    Mono<StockPolicyView> get(Caller caller, String site, String product) {
        return sites.visible(caller, site).then(productId(product)).then(policies.find(site, product))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no stock policy for " + product + " at " + site)));
    }

    /** Creates the policy (no {@code If-Match}) or changes it from the version {@code ifMatch} names. */
    Mono<Written> put(Caller caller, String actor, String site, String product, String ifMatch,
                      StockPolicyRequest request) {
        return Mono.defer(() -> {
            Validated policy = validate(request);
            Long expected = ifMatch == null ? null : ETags.required(ifMatch, "changing a stock policy");
            Mono<Written> work = ids(caller, site, product).flatMap(ids -> policies.find(site, product)
                    .map(Optional::of).defaultIfEmpty(Optional.empty())
                    .flatMap(existing -> existing.isEmpty()
                            ? create(ids, site, product, policy, expected, actor)
                            : change(ids, site, product, policy, existing.get(), expected, actor)));
            return transaction.transactional(work);
        });
    }

    private Mono<Written> create(Ids ids, String site, String product, Validated policy, Long expected, String actor) {
        if (expected != null) {
            return Mono.error(stale("no stock policy exists yet for " + product + " at " + site));
        }
        return policies.insert(ids.site(), ids.product(), policy, actor)
                .flatMap(inserted -> inserted == 0 ? createdMeanwhile(site, product) : policies.find(site, product))
                .flatMap(created -> audit.applied(201, "stock policy of " + product + " at " + site + " created", null,
                        created).thenReturn(new Written(true, created)));
    }

    private Mono<Written> change(Ids ids, String site, String product, Validated policy, StockPolicyView existing,
                                 Long expected, String actor) {
        if (expected == null) {
            String etag = ETags.of(existing.version());
            return Mono.error(new ApiException(HttpStatus.PRECONDITION_REQUIRED, "precondition-required",
                    "If-Match required", "changing a stock policy requires If-Match with its current ETag " + etag,
                    Map.of("etag", etag)));
        }
        return policies.update(ids.site(), ids.product(), policy, expected, actor).flatMap(updated -> updated == 0
                ? Mono.error(stale("the stock policy changed since version " + expected))
                : policies.find(site, product)
                        .flatMap(p -> audit.applied(200, "stock policy of " + product + " at " + site + " changed",
                                existing, p).thenReturn(new Written(false, p))));
    }

    /** The site (seen and changeable by the caller) and product ids. */
    private Mono<Ids> ids(Caller caller, String site, String product) {
        return sites.changeable(caller, site).map(SiteRef::id)
                .flatMap(siteId -> productId(product).map(productId -> new Ids(siteId, productId)));
    }

    private Mono<Long> productId(String product) {
        return policies.productId(product)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no product with code " + product)));
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

    /** 412 for the loser of two concurrent creations, with the ETag the winner's policy now has. */
    private Mono<StockPolicyView> createdMeanwhile(String site, String product) {
        return policies.find(site, product).map(winner -> ETags.of(winner.version())).defaultIfEmpty("")
                .flatMap(etag -> Mono.error(new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition-failed",
                        "Precondition failed", "another request created the stock policy of " + product + " at " + site
                        + " first; read it and change it with If-Match " + etag,
                        etag.isEmpty() ? Map.of() : Map.of("etag", etag))));
    }

    private static ApiException stale(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed", detail);
    }
}
