package org.stockbridge.api.stock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.site.SiteRef;
import org.stockbridge.api.site.Sites;
import org.stockbridge.api.stock.StockRepository.ProductRef;
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

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Stock", description = "What is on hand where, by product and lot, in both countries; what expires and what "
        + "runs below policy")
class StockController {

    static final int MAX_SERIES_DAYS = 1100;
    static final int DEFAULT_SERIES_DAYS = 90;
    static final int MAX_WITHIN_DAYS = 3650;
    private static final Pattern ATC_PREFIX = Pattern.compile("[A-Z][0-9A-Z]{0,6}");
    /** How fresh a page read from the per-site rollup is (the national summary's description says it its own way). */
    private static final String ROLLUP_AS_OF = " asOf is the instant the stock figures describe: they are refreshed "
            + "with the national totals (every 15 s by default, less often where a refresh takes long) and asOf is "
            + "their last refresh, never older than three refresh periods (past it the page is computed at the "
            + "read, and asOf is the moment of the read).";

    private final StockRepository stock;
    private final SummaryRollup rollup;
    private final SiteRollup siteRollup;
    private final Sites sites;

    StockController(StockRepository stock, SummaryRollup rollup, SiteRollup siteRollup, Sites sites) {
        this.sites = sites;
        this.stock = stock;
        this.rollup = rollup;
        this.siteRollup = siteRollup;
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/sites/{code}/stock")
    @Operation(operationId = "getSiteStock",
            summary = "A site's stock by product and lot",
            description = "One item per (product, lot) at the site, in product then lot order, with the lot's "
                    + "labelled, extended and effective expiry (SLEP extended expiry counts only at U.S. federal "
                    + "sites), status, whether it may be issued, on hand and balance version; beside it the product's "
                    + "position at the whole site: on hand, usable on hand (released, not past effective expiry), units "
                    + "issued over the 28 days before asOf (reversed issues excluded), daily consumption and days of "
                    + "supply (usable on hand / daily consumption; null when nothing was issued). product filters by "
                    + "product code; includeEmpty=true adds lots whose balance is now zero; asOf is an ISO date-time or "
                    + "a date (its end), default now; on hand is always the current balance. Cursor pagination.")
    Mono<SiteStockPage> siteStock(@PathVariable String code, @RequestParam(required = false) String product,
                                  @RequestParam(required = false) Boolean includeEmpty,
                                  @RequestParam(required = false) String asOf,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit, 2);
            String productCode = RequestParameters.optionalText("product", product, 64);
            OffsetDateTime given = TimeParameters.until("asOf", asOf);
            OffsetDateTime at = given != null ? given
                    : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            return site(code, caller).flatMap(site -> stock.siteStock(site, productCode, Boolean.TRUE.equals(includeEmpty),
                            at, Consumption.WINDOW_DAYS, page)
                    .collectList()
                    .map(rows -> {
                        Page<SiteStockPage.Line> lines = Page.of(rows, page);
                        return new SiteStockPage(site.code(), site.name(), site.jurisdiction().name(), site.federal(),
                                at, Consumption.WINDOW_DAYS, lines.items(), lines.nextCursor(), lines.limit());
                    }));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/products/{code}/stock")
    @Operation(operationId = "getProductStock",
            summary = "A product's stock across sites in both jurisdictions",
            description = "One item per site holding the product (on hand above zero), in site order: on hand, usable "
                    + "on hand (released and not past the effective expiry at that site, today UTC) and how many lots. "
                    + "totals gives the U.S. and Canadian totals over every site, whatever the jurisdiction filter "
                    + "(US or CA) applied to the items. Cursor pagination.")
    Mono<ProductStockPage> productStock(@PathVariable String code,
                                        @RequestParam(required = false) String jurisdiction,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit,
                                        ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            Jurisdiction only = RequestParameters.optional("jurisdiction", jurisdiction, Jurisdiction::parse);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return product(code).flatMap(product -> Mono.zip(
                            stock.productTotals(product, today, caller.siteFilter()),
                            stock.productStock(product, only, today, caller.siteFilter(), page).collectList())
                    .map(t -> {
                        Page<ProductStockPage.SiteHolding> sites = Page.of(t.getT2(), page);
                        return new ProductStockPage(product.code(), product.name(), product.unitOfIssue(), today,
                                t.getT1(), sites.items(), sites.nextCursor(), sites.limit());
                    }));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/stock/summary")
    @Operation(operationId = "getStockSummary",
            summary = "The national summary: U.S. and Canadian stock per equivalence group",
            description = "One item per equivalence group held somewhere (then one per held product that belongs to "
                    + "no group): U.S. and Canadian on hand and usable on hand, kept apart, how many sites hold it in "
                    + "each country and which products (codes) are held there. On hand adds units of issue; "
                    + "unitsOfIssue and unitsNote say whether they are alike. kind (DRUG, PPE, DEVICE) and atc "
                    + "(code or prefix of the group's ATC code) filter. Cursor pagination. asOf is the instant the "
                    + "totals describe: for a caller limited to sites the moment of the read; for the others, the "
                    + "national totals are refreshed every 15 s by default (less often where a refresh takes long) "
                    + "and asOf is their last refresh, never older than three refresh periods (past it the totals "
                    + "are computed at the read)." + Reads.MAY_LAG)
    Mono<SummaryPage> summary(@RequestParam(required = false) String kind,
                                     @RequestParam(required = false) String atc,
                                     @RequestParam(required = false) String cursor,
                                     @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit, 2);
            ProductKind productKind = RequestParameters.optional("kind", kind, ProductKind::parse);
            String atcPrefix = RequestParameters.optionalText("atc", atc, 7);
            if (atcPrefix != null) {
                atcPrefix = atcPrefix.toUpperCase();
                if (!ATC_PREFIX.matcher(atcPrefix).matches()) {
                    throw new InvalidRequestException("atc", "atc must be an ATC code or prefix such as N02 or N02BE01");
                }
            }
            String kindName = productKind == null ? null : productKind.name();
            String atcFilter = atcPrefix;
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Long[] visibleSites = caller.siteFilter();
            Mono<SummaryPage> live = Mono.defer(() -> {
                OffsetDateTime asOf = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                return stock.summary(kindName, atcFilter, today, visibleSites, page).collectList()
                        .map(rows -> SummaryPage.of(rows, page, asOf));
            });
            // The national rollup counts every site: only a caller who may see every site reads it.
            return visibleSites != null ? live : rollup.pageOr(live, kindName, atcFilter, today, page);
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/stock/by-site")
    @Operation(operationId = "listStockBySite",
            summary = "Every site's supply of a product, an equivalence group, a kind, or all it holds",
            description = "One item per site holding some of the selection, in site order, with its coordinates, on "
                    + "hand, usable on hand, units issued over the last 28 days and days of supply: summed over the "
                    + "selection when it is one product or one equivalence group, and always the lowest days of "
                    + "supply among the products it holds (with that product). Select with product (code), group "
                    + "(equivalence group code) or kind (DRUG, PPE, DEVICE); filter by jurisdiction. Cursor "
                    + "pagination." + ROLLUP_AS_OF + Reads.MAY_LAG)
    Mono<SiteSupplyPage> bySite(@RequestParam(required = false) String product,
                                  @RequestParam(required = false) String group,
                                  @RequestParam(required = false) String kind,
                                  @RequestParam(required = false) String jurisdiction,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            ProductKind productKind = RequestParameters.optional("kind", kind, ProductKind::parse);
            Jurisdiction only = RequestParameters.optional("jurisdiction", jurisdiction, Jurisdiction::parse);
            String productCode = RequestParameters.optionalText("product", product, 64);
            String groupCode = RequestParameters.optionalText("group", group, 64);
            Mono<java.util.Optional<Long>> productId = productCode == null ? Mono.just(java.util.Optional.empty())
                    : product(productCode).map(p -> java.util.Optional.of(p.id()));
            Mono<java.util.Optional<Long>> groupId = groupCode == null ? Mono.just(java.util.Optional.empty())
                    : stock.groupId(groupCode).map(java.util.Optional::of).switchIfEmpty(Mono.error(() ->
                            new NotFoundException("no equivalence group with code " + groupCode)));
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            String kindName = productKind == null ? null : productKind.name();
            String jurisdictionName = only == null ? null : only.name();
            return Mono.zip(productId, groupId).flatMap(ids -> {
                Long groupFilter = ids.getT2().orElse(null);
                Long productFilter = ids.getT1().orElse(null);
                Mono<SiteSupplyPage> live = Mono.defer(() -> {
                    OffsetDateTime asOf = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                    return stock.siteSupply(groupFilter, productFilter, kindName, jurisdictionName, today,
                                    caller.siteFilter(), page)
                            .collectList().map(rows -> SiteSupplyPage.of(rows, page, asOf));
                });
                return siteRollup.bySiteOr(live, groupFilter, productFilter, kindName, jurisdictionName, today,
                        caller.siteFilter(), page);
            });
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/stock/expiring")
    @Operation(operationId = "listExpiringLots",
            summary = "Lots that expire soon, or have expired, with stock still on hand",
            description = "Every (site, lot) with stock whose effective expiry at that site (SLEP extended expiry only "
                    + "at U.S. federal sites) is on or before today + withinDays (default 90, 0 to 3650), soonest "
                    + "first; stock already past its effective expiry is included and flagged expired. Filter by "
                    + "jurisdiction (US, CA) and site code. Cursor pagination." + Reads.MAY_LAG)
    Mono<Page<ExpiringLot>> expiring(@RequestParam(required = false) Integer withinDays,
                                     @RequestParam(required = false) String jurisdiction,
                                     @RequestParam(required = false) String site,
                                     @RequestParam(required = false) String cursor,
                                     @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit, 3);
            int days = withinDays == null ? 90 : withinDays;
            if (days < 0 || days > MAX_WITHIN_DAYS) {
                throw new InvalidRequestException("withinDays",
                        "withinDays must be between 0 and " + MAX_WITHIN_DAYS + ", was " + days);
            }
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return stock.expiring(today, today.plusDays(days),
                            RequestParameters.optional("jurisdiction", jurisdiction, Jurisdiction::parse),
                            RequestParameters.optionalText("site", site, 64), caller.siteFilter(), page)
                    .collectList().map(rows -> Page.of(rows, page));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/stock/below-policy")
    @Operation(operationId = "listStockBelowPolicy",
            summary = "Sites and products below their stock policy",
            description = "Every (site, product) with a stock policy whose usable on hand (released, not past the "
                    + "effective expiry at that site, today UTC) is below the reorder point; level is "
                    + "BELOW_SAFETY_STOCK when it is also below the safety stock, else BELOW_REORDER_POINT; shortfall "
                    + "is what it takes to reach the reorder point. Filter by jurisdiction and site code. "
                    + "Cursor pagination." + ROLLUP_AS_OF + " The policies themselves are read as they are now.")
    Mono<BelowPolicyPage> belowPolicy(@RequestParam(required = false) String jurisdiction,
                                        @RequestParam(required = false) String site,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit,
                                        ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit, 2);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Jurisdiction only = RequestParameters.optional("jurisdiction", jurisdiction, Jurisdiction::parse);
            String siteCode = RequestParameters.optionalText("site", site, 64);
            Mono<BelowPolicyPage> live = Mono.defer(() -> {
                OffsetDateTime asOf = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                return stock.belowPolicy(today, only, siteCode, caller.siteFilter(), page)
                        .collectList().map(rows -> BelowPolicyPage.of(rows, page, asOf));
            });
            return siteRollup.belowPolicyOr(live, only, siteCode, today, caller.siteFilter(), page);
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/sites/{code}/products/{productCode}/consumption")
    @Operation(operationId = "getSiteProductConsumption",
            summary = "Daily consumption of a product at a site",
            description = "Units issued per UTC day (ISSUE lines; reversed issues excluded), every day from from to to, "
                    + "both included, zero on days without issues. from and to are dates; to defaults to today and "
                    + "from to 89 days before to (the last 90 days). At most 1,100 days per request: that range is "
                    + "the page, so ask for the next range to read further.")
    Mono<ConsumptionSeries> consumption(@PathVariable String code, @PathVariable String productCode,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            LocalDate last = RequestParameters.optional("to", to, LocalDate::parse);
            LocalDate end = last != null ? last : LocalDate.now(ZoneOffset.UTC);
            LocalDate first = RequestParameters.optional("from", from, LocalDate::parse);
            LocalDate start = first != null ? first : end.minusDays(DEFAULT_SERIES_DAYS - 1);
            if (start.isAfter(end)) {
                throw new InvalidRequestException("from", "from must not be after to (" + start + " > " + end + ")");
            }
            long days = ChronoUnit.DAYS.between(start, end) + 1;
            if (days > MAX_SERIES_DAYS) {
                throw new InvalidRequestException("from", "at most " + MAX_SERIES_DAYS + " days per request; "
                        + start + " to " + end + " is " + days);
            }
            return Mono.zip(site(code, caller), product(productCode)).flatMap(refs -> {
                SiteRef site = refs.getT1();
                ProductRef product = refs.getT2();
                return stock.consumption(site, product, start, end).collectList()
                        .map(series -> new ConsumptionSeries(site.code(), product.code(), product.unitOfIssue(), start,
                                end, series.stream().mapToLong(ConsumptionSeries.Day::issued).sum(), series));
            });
        });
    }

    /** The site, or 404 when there is none or the caller may not see it. */
    private Mono<SiteRef> site(String code, Caller caller) {
        return sites.visible(caller, code);
    }

    private Mono<ProductRef> product(String code) {
        return stock.product(code)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no product with code " + code)));
    }
}
