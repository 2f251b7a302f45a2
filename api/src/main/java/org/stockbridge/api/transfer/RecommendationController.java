package org.stockbridge.api.transfer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.idempotency.IdempotencyService;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.Idempotent;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.forecasting.stockout.ProjectionSettings;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.RequiresScope;

/**
 * Transfer recommendations from the optimiser, and what-if scenarios that change the inputs and store nothing. Both
 * need the forecast scope; storing recommendations as transfers also needs write and an Idempotency-Key.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Transfer recommendations", description = "What to move, from where, when and why, within both "
        + "countries' rules; and what-if scenarios")
class RecommendationController {

    static final int MAX_CODES = 200;
    /** A plan reads demand at the median or above; the highest quantile is the projection's own. */
    static final double MIN_QUANTILE = 0.5;

    private final TransferRecommender recommender;
    private final IdempotencyService idempotency;

    RecommendationController(TransferRecommender recommender, IdempotencyService idempotency) {
        this.recommender = recommender;
        this.idempotency = idempotency;
    }

    @RequiresScope(Caller.FORECAST)
    @Idempotent(required = false)
    @PostMapping("/transfer-recommendations")
    @ApiResponse(responseCode = "200", description = "The recommendation, stored nowhere",
            content = @Content(schema = @Schema(implementation = RecommendationViews.Response.class)))
    @ApiResponse(responseCode = "201", description = "With save: true, the recommendation with each "
            + "transfer it stored (transferId)",
            content = @Content(schema = @Schema(implementation = RecommendationViews.Response.class)))
    @Operation(operationId = "recommendTransfers",
            summary = "Recommend transfers that close projected shortfalls",
            description = "quantile (default 0.9, from 0.5 to 0.95) and horizonDays (default 28, a forecast model "
                    + "horizon) define the "
                    + "shortfalls; jurisdiction and productCodes narrow the receiving side. With save: true (write "
                    + "scope and an Idempotency-Key) every recommendation is stored as a RECOMMENDED transfer; a "
                    + "manager may store only transfers that leave or reach their own jurisdiction (403 otherwise, "
                    + "storing nothing). When open transfers changed while the plan was solved (another plan was "
                    + "saved, or a transfer moved on), 409 open-transfers-changed stores nothing: ask again.")
    Mono<ResponseEntity<?>> recommend(@RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                      @RequestBody(required = false) RecommendationViews.RecommendationRequest body,
                                      ServerWebExchange exchange) {
        return Mono.defer(() -> {
            Caller caller = Callers.caller(exchange);
            RecommendationViews.RecommendationRequest request = body == null
                    ? new RecommendationViews.RecommendationRequest(null, null, null, null, null) : body;
            TransferRecommender.Parameters parameters = parameters(request.quantile(), request.horizonDays(),
                    request.jurisdiction(), request.productCodes());
            boolean save = Boolean.TRUE.equals(request.save());
            if (!save) {
                return recommender.recommend(parameters, TransferRecommender.Scenario.NONE, caller)
                        .map(run -> ResponseEntity.ok(run.response()));
            }
            if (!caller.has(Caller.WRITE)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                        "storing recommendations as transfers needs the write scope", java.util.Map.of(
                                "requiredScope", Caller.WRITE));
            }
            if (key == null || key.isBlank()) {
                throw new InvalidRequestException(IdempotencyService.HEADER,
                        "the Idempotency-Key header is required to store recommendations");
            }
            String actor = Callers.actor(exchange);
            // Solved before the key's transaction opens, so no connection waits in a transaction while the solver runs;
            // the transfers are stored under the key, so a replay stores nothing again and answers as the first did.
            return recommender.recommend(parameters, TransferRecommender.Scenario.NONE, caller)
                    .doOnNext(run -> {
                        String refused = TransferRecommender.saveRefused(run, caller);
                        if (refused != null) {
                            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", refused);
                        }
                    })
                    .flatMap(run -> idempotency.execute(caller.client(), key, "POST",
                            "/api/v1/transfer-recommendations", request, HttpStatus.CREATED,
                            () -> recommender.save(run, actor)))
                    .map(response -> (ResponseEntity<?>) response);
        });
    }

    @RequiresScope(Caller.FORECAST)
    @PostMapping("/transfer-scenarios")
    @Operation(operationId = "evaluateTransferScenario",
            summary = "What if: the recommendation as it is and under a scenario, storing nothing",
            description = "quantile, horizonDays, jurisdiction and productCodes as for recommendations. "
                    + "surges: [{region | siteCode, multiplier}] multiply demand; closedSites neither ship nor "
                    + "receive; closedCrossings are routed around; recalledProducts and recalledLots never ship.")
    Mono<RecommendationViews.ScenarioResponse> scenario(@RequestBody(required = false)
                                                        RecommendationViews.ScenarioRequest body,
                                                        ServerWebExchange exchange) {
        return Mono.defer(() -> {
            Caller caller = Callers.caller(exchange);
            RecommendationViews.ScenarioRequest request = body == null ? new RecommendationViews.ScenarioRequest(
                    null, null, null, null, null, null, null, null, null) : body;
            TransferRecommender.Parameters parameters = parameters(request.quantile(), request.horizonDays(),
                    request.jurisdiction(), request.productCodes());
            TransferRecommender.Scenario scenario = scenario(request);
            return recommender.recommend(parameters, TransferRecommender.Scenario.NONE, caller)
                    .flatMap(baseline -> recommender.recommend(parameters, scenario, caller)
                            .map(changed -> new RecommendationViews.ScenarioResponse(baseline.response(),
                                    changed.response())));
        });
    }

    static TransferRecommender.Parameters parameters(Double quantile, Integer horizonDays, String jurisdiction,
                                                     List<String> productCodes) {
        double q = quantile == null ? 0.9 : quantile;
        if (!(q >= MIN_QUANTILE && ProjectionSettings.acceptsQuantile(q))) {
            throw new InvalidRequestException("quantile", "quantile must be between " + MIN_QUANTILE + " and "
                    + ProjectionSettings.MAX_QUANTILE + ", was " + quantile);
        }
        int horizon = horizonDays == null ? 28 : horizonDays;
        if (horizon < 1 || horizon > 366) {
            throw new InvalidRequestException("horizonDays", "horizonDays must be between 1 and 366");
        }
        Jurisdiction j;
        try {
            j = jurisdiction == null || jurisdiction.isBlank() ? null : Jurisdiction.valueOf(jurisdiction.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("jurisdiction", "jurisdiction must be US or CA, was " + jurisdiction);
        }
        return new TransferRecommender.Parameters(q, horizon, j, codes("productCodes", productCodes));
    }

    static TransferRecommender.Scenario scenario(RecommendationViews.ScenarioRequest r) {
        List<RecommendationViews.Surge> surges = r.surges() == null ? List.of() : r.surges();
        if (surges.size() > MAX_CODES) {
            throw new InvalidRequestException("surges", "at most " + MAX_CODES + " surges");
        }
        for (int i = 0; i < surges.size(); i++) {
            RecommendationViews.Surge s = surges.get(i);
            if (s == null || (s.region() == null) == (s.siteCode() == null)) {
                throw new InvalidRequestException("surges[" + i + "]", "a surge names either a region or a siteCode");
            }
            if (s.multiplier() == null || !(s.multiplier() >= 0 && s.multiplier() <= 10)) {
                throw new InvalidRequestException("surges[" + i + "].multiplier",
                        "multiplier must be between 0 and 10");
            }
        }
        Set<String> lots = new HashSet<>();
        List<RecommendationViews.RecalledLot> recalled = r.recalledLots() == null ? List.of() : r.recalledLots();
        for (int i = 0; i < recalled.size(); i++) {
            RecommendationViews.RecalledLot lot = recalled.get(i);
            if (lot == null || lot.productCode() == null || lot.lotNumber() == null) {
                throw new InvalidRequestException("recalledLots[" + i + "]", "a recalled lot names productCode and "
                        + "lotNumber");
            }
            lots.add(lot.productCode() + "/" + lot.lotNumber());
        }
        return new TransferRecommender.Scenario(surges, orEmpty(codes("closedSites", r.closedSites())),
                orEmpty(codes("closedCrossings", r.closedCrossings())),
                orEmpty(codes("recalledProducts", r.recalledProducts())), lots);
    }

    private static Set<String> codes(String field, List<String> codes) {
        if (codes == null) {
            return null;
        }
        if (codes.size() > MAX_CODES || codes.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 100)) {
            throw new InvalidRequestException(field, field + " must hold at most " + MAX_CODES + " non-blank codes");
        }
        return Set.copyOf(codes);
    }

    private static Set<String> orEmpty(Set<String> codes) {
        return codes == null ? Set.of() : codes;
    }
}
