package org.stockbridge.api.forecast;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.site.Sites;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import org.stockbridge.api.web.RequiresScope;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Forecasts", description = "Demand forecasts, stockout projections, projected shortfalls and shortage "
        + "risk, as of any day, with what-if parameters; and the model registry")
class ForecastController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ATC_PREFIX = Pattern.compile("[A-Z][0-9A-Z]{0,6}");

    private final ForecastService service;
    private final ForecastRepository repository;
    private final Sites sites;

    ForecastController(ForecastService service, ForecastRepository repository, Sites sites) {
        this.service = service;
        this.repository = repository;
        this.sites = sites;
    }

    @RequiresScope(Caller.FORECAST)
    @GetMapping("/sites/{site}/products/{product}/forecast")
    @Operation(operationId = "getSiteProductForecast",
            summary = "Demand forecast and stockout projection of one (site, product)",
            description = "The demand over the horizon (7, 28 or 90 days; default 28) after asOf (a date, "
                    + "YYYY-MM-DD; default the newest ledger day; later days are capped to it): quantiles p02..p98 "
                    + "of the total (split conformal, non-decreasing, p10 <= p50 <= p90) and the expected total, "
                    + "which is the mean of that "
                    + "same distribution (the integral of its quantile function: linear from 0 to p02, linear "
                    + "between levels, flat above p98); demand is skewed to the right, so the mean usually lies "
                    + "above the median p50, which is the typical total. All from the consumption up to asOf only; "
                    + "the usable stock on asOf; the "
                    + "projection: stockout probability, expected stockout date (median demand) and at p90, "
                    + "shortfall at p90 with its p10/p50/p90 interval, stock expiring unused, the daily on-hand path; "
                    + "the supply risk of the product's ATC code (90-day shortage risk) that discounts inbound stock; "
                    + "and the model's name, version and provenance summary; supplyRiskFreshness: how fresh the "
                    + "sources of that supply risk are, as in /risk/ingredients (null when no risk model was used and "
                    + "the risk is 0). demandMultiplier (0–100, default 1) and "
                    + "leadTimeDelayDays (0–365, default 0) recompute the answer without storing anything.")
    Mono<ForecastViews.SiteForecast> forecast(@PathVariable String site, @PathVariable String product,
                                              @RequestParam(required = false) String horizon,
                                              @RequestParam(required = false) String asOf,
                                              @RequestParam(required = false) String demandMultiplier,
                                              @RequestParam(required = false) String leadTimeDelayDays,
                                              ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> sites.visible(caller, code("site", site)).then(service.forecast(code("site", site),
                code("product", product), horizon(horizon), asOf(asOf), whatIf(demandMultiplier, leadTimeDelayDays),
                caller.client())));
    }

    @RequiresScope(Caller.FORECAST)
    @GetMapping("/forecasts/shortfalls")
    @Operation(operationId = "listForecastShortfalls",
            summary = "Projected shortfalls across sites, most likely first",
            description = "Every (site, product) whose stock is projected to run short within the horizon (7, 28 "
                    + "or 90 days; default 28) after asOf, ranked by stockout probability, then by the shortfall at "
                    + "p90 demand. Filters: jurisdiction (US, CA), kind (DRUG, PPE, DEVICE), minProbability (0–1). "
                    + "asOf, demandMultiplier and leadTimeDelayDays as for one forecast. Cursor pagination. "
                    + "supplyRiskFreshness: how fresh the sources of every supplyRisk are, as in /risk/ingredients "
                    + "(null when no risk model was used).")
    Mono<ForecastViews.ShortfallPage> shortfalls(@RequestParam(required = false) String jurisdiction,
                                                    @RequestParam(required = false) String kind,
                                                    @RequestParam(required = false) String horizon,
                                                    @RequestParam(required = false) String minProbability,
                                                    @RequestParam(required = false) String asOf,
                                                    @RequestParam(required = false) String demandMultiplier,
                                                    @RequestParam(required = false) String leadTimeDelayDays,
                                                    @RequestParam(required = false) String cursor,
                                                    @RequestParam(required = false) Integer limit,
                                                    ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            double min = probability(minProbability);
            ForecastService.ShortfallFilter filter = new ForecastService.ShortfallFilter(
                    RequestParameters.optional("jurisdiction", jurisdiction, Jurisdiction::parse),
                    RequestParameters.optional("kind", kind, ProductKind::parse), horizon(horizon), min);
            return Mono.zip(service.shortfalls(filter, asOf(asOf), whatIf(demandMultiplier, leadTimeDelayDays),
                            caller.client()),
                            sites.visibleCodes(caller))
                    .map(t -> ForecastViews.ShortfallPage.of(page(t.getT2().map(codes -> t.getT1().shortfalls()
                            .stream().filter(s -> codes.contains(s.site())).toList())
                            .orElse(t.getT1().shortfalls()), page), t.getT1().supplyRiskFreshness()));
        });
    }

    @RequiresScope(Caller.FORECAST)
    @GetMapping("/risk/ingredients")
    @Operation(operationId = "listIngredientRisks",
            summary = "Shortage risk by ingredient, highest first",
            description = "The calibrated probability that a new Drug Shortages Canada report for each ingredient "
                    + "is filed within the horizon (30 or 90 days; default 90) after asOf (a date, "
                    + "YYYY-MM-DD; default and cap: the day after the last filing in the history), from what was "
                    + "filed before asOf, with the five features that moved it most (each with its value, the "
                    + "typical value and the change in probability when it "
                    + "is replaced by the typical one). Filters: ingredient (exact ingredient or combination, any "
                    + "case), atc (ATC prefix), reportedBefore (true: only the ingredients with a Drug Shortages "
                    + "Canada report filed before asOf, the ones that have been short before; false: only the "
                    + "others). Each score says how many reports were filed for its ingredient before asOf "
                    + "(reportsBefore) and the last day one was (lastReportFiled, null when none). "
                    + "Cursor pagination. freshness: the shortage sources the scores were "
                    + "computed from, each with the day its data runs up to (the Drug Shortages Canada reports filed "
                    + "before asOf: the newest filing, the newest update known then, how many), and a one-line "
                    + "statement (\"DSC reports up to 2024-12-24\"), by the rule of /shortage-reports/freshness; "
                    + "that endpoint says how fresh the stored shortage reports are.")
    Mono<ForecastViews.RiskPage> risk(@RequestParam(required = false) String ingredient,
                                        @RequestParam(required = false) String atc,
                                        @RequestParam(required = false) String horizon,
                                        @RequestParam(required = false) String asOf,
                                        @RequestParam(required = false) Boolean reportedBefore,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit,
                                        ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            int days = horizon == null || horizon.isBlank() ? 90 : RequestParameters.optional("horizon", horizon,
                    Integer::parseInt);
            if (days != 30 && days != 90) {
                throw new InvalidRequestException("horizon", "horizon must be 30 or 90 days, was " + days);
            }
            String atcPrefix = RequestParameters.optionalText("atc", atc, 7);
            if (atcPrefix != null && !ATC_PREFIX.matcher(atcPrefix.toUpperCase()).matches()) {
                throw new InvalidRequestException("atc", "atc must be an ATC code or prefix such as J01 or J01CA04");
            }
            return service.risk(days, asOf(asOf), RequestParameters.optionalText("ingredient", ingredient, 300),
                    atcPrefix == null ? null : atcPrefix.toUpperCase(), reportedBefore, caller.client())
                    .map(ranking -> ForecastViews.RiskPage.of(page(ranking.risks(), page), ranking.freshness()));
        });
    }

    @RequiresScope(Caller.FORECAST)
    @GetMapping("/forecast-models")
    @Operation(operationId = "listForecastModels",
            summary = "The model registry, newest first",
            description = "Every trained model: kind (DEMAND, RISK), name, version (per kind, name and horizon), "
                    + "horizon (risk models), when it was trained, its training window and the last day of data it "
                    + "saw, how many rows trained and calibrated it, its metrics on the calibration period, and a "
                    + "summary of its Tribuo provenance. Cursor pagination.")
    Mono<Page<ForecastViews.Model>> models(@RequestParam(required = false) String cursor,
                                           @RequestParam(required = false) Integer limit) {
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            Long before = page.cursor().isStart() ? null : page.cursor().afterKey();
            return repository.models(before, page.fetchSize())
                    .map(m -> new Keyed<>(m.id(), view(m)))
                    .collectList().map(rows -> Page.of(rows, page));
        });
    }

    @RequiresScope(Caller.FORECAST)
    @GetMapping("/forecast-models/{id}/provenance")
    @ApiResponse(responseCode = "200", description = "The model's provenance as Tribuo records it (JSON)",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @Operation(operationId = "getForecastModelProvenance",
            summary = "The full Tribuo provenance of one registered model", description = "As text.")
    Mono<String> provenance(@PathVariable long id) {
        return repository.provenance(id).switchIfEmpty(Mono.error(() ->
                new NotFoundException("no model " + id + " in the registry")));
    }

    private static ForecastViews.Model view(ForecastRepository.StoredModel m) {
        var a = m.artifact();
        return new ForecastViews.Model(m.id(), a.kind().name(), a.name(), m.version(), a.horizonDays(), m.trainedAt(),
                a.trainingFrom(), a.trainingTo(), a.asOf(), a.trainingRows(), a.calibrationRows(), a.summary(),
                metrics(m.metrics()));
    }

    private static Map<String, Object> metrics(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
    }

    static <T> Page<T> page(List<T> all, PageRequest page) {
        int from = (int) Math.min(all.size(), page.cursor().afterKey());
        List<Keyed<T>> rows = new ArrayList<>();
        for (int i = from; i < Math.min(all.size(), from + page.fetchSize()); i++) {
            rows.add(new Keyed<>(i + 1L, all.get(i)));
        }
        return Page.of(rows, page);
    }

    private static String code(String name, String value) {
        String code = RequestParameters.optionalText(name, value, 64);
        if (code == null) {
            throw new InvalidRequestException(name, name + " must be given");
        }
        return code;
    }

    private static int horizon(String value) {
        Integer h = RequestParameters.optional("horizon", value, Integer::parseInt);
        return h == null ? 28 : h;
    }

    /** A date ({@code YYYY-MM-DD}) and nothing else: the date part of a date-time may be another day in UTC. */
    private static LocalDate asOf(String value) {
        return RequestParameters.optional("asOf", value, v -> {
            if (v.length() != 10) {
                throw new IllegalArgumentException("must be a date (YYYY-MM-DD), not a date-time");
            }
            return LocalDate.parse(v);
        });
    }

    private static double probability(String value) {
        Double p = RequestParameters.optional("minProbability", value, Double::parseDouble);
        if (p != null && !(p >= 0 && p <= 1)) {
            throw new InvalidRequestException("minProbability", "minProbability must be between 0 and 1, was " + p);
        }
        return p == null ? 0 : p;
    }

    private static ForecastViews.WhatIf whatIf(String multiplier, String delay) {
        Double m = RequestParameters.optional("demandMultiplier", multiplier, Double::parseDouble);
        Integer d = RequestParameters.optional("leadTimeDelayDays", delay, Integer::parseInt);
        if (m != null && !(m >= 0 && m <= 100)) {
            throw new InvalidRequestException("demandMultiplier", "demandMultiplier must be between 0 and 100, was "
                    + m);
        }
        if (d != null && (d < 0 || d > 365)) {
            throw new InvalidRequestException("leadTimeDelayDays", "leadTimeDelayDays must be between 0 and 365, "
                    + "was " + d);
        }
        return new ForecastViews.WhatIf(m == null ? 1.0 : m, d == null ? 0 : d);
    }
}
