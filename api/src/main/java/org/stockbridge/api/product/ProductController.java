package org.stockbridge.api.product;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.product.ProductRepository.ProductFilter;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.RequiresScope;

@RestController
@RequestMapping("/api/v1/products")
@Tag(name = "Products", description = "Drugs, PPE and devices, their identifiers and cross-border equivalents")
class ProductController {

    private static final Pattern ATC_PREFIX = Pattern.compile("[A-Z][0-9A-Z]{0,6}");

    private final ProductRepository products;

    ProductController(ProductRepository products) {
        this.products = products;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @Operation(operationId = "listProducts",
            summary = "List or look up products",
            description = "Filter by kind (DRUG, PPE, DEVICE), ATC prefix, market jurisdiction and text in the name; "
                    + "look up by ndc, din or gtin (hyphens optional). Cursor pagination.")
    Mono<Page<ProductView>> list(@RequestParam(required = false) String kind,
                                 @RequestParam(required = false) String atc,
                                 @RequestParam(required = false) String jurisdiction,
                                 @RequestParam(required = false) String q,
                                 @RequestParam(required = false) String ndc,
                                 @RequestParam(required = false) String din,
                                 @RequestParam(required = false) String gtin,
                                 @RequestParam(required = false) String cursor,
                                 @RequestParam(required = false) Integer limit) {
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            ProductKind productKind = RequestParameters.optional("kind", kind, ProductKind::parse);
            Jurisdiction market = RequestParameters.optional("jurisdiction", jurisdiction, Jurisdiction::parse);
            String atcPrefix = RequestParameters.optionalText("atc", atc, 7);
            if (atcPrefix != null && !ATC_PREFIX.matcher(atcPrefix.toUpperCase()).matches()) {
                throw new InvalidRequestException("atc", "atc must be an ATC code or prefix such as N02 or N02BE01");
            }
            ProductFilter filter = new ProductFilter(productKind == null ? null : productKind.name(),
                    atcPrefix == null ? null : atcPrefix.toUpperCase(), market == null ? null : market.name(),
                    RequestParameters.optionalText("q", q, 100), RequestParameters.optionalText("ndc", ndc, 20),
                    RequestParameters.optionalText("din", din, 20), RequestParameters.optionalText("gtin", gtin, 20));
            return products.find(filter, page).collectList().map(rows -> Page.of(rows, page));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{code}")
    @Operation(operationId = "getProduct",
            summary = "Get one product with its identifiers, equivalence group and authorisations")
    Mono<ProductDetail> get(@PathVariable String code, @RequestParam(required = false) String asOf) {
        return Mono.defer(() -> {
            LocalDate day = asOfDay(asOf);
            return product(code).flatMap(p -> Mono.zip(
                            products.findIdentifiers(List.of(p.key())).map(Keyed::value).collectList(),
                            products.findGroupOf(p.key()).map(Optional::of)
                                    .defaultIfEmpty(Optional.empty()),
                            products.findAuthorisations(List.of(p.key())).map(Keyed::value).collectList())
                    .map(t -> new ProductDetail(p.value(), t.getT1(), t.getT2().orElse(null),
                            AuthorisationView.forEachJurisdiction(t.getT3(), day))));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{code}/equivalents")
    @Operation(operationId = "listProductEquivalents",
            summary = "Cross-border equivalents of a product",
            description = "The other products of its equivalence group (same ingredients, strength, form, route) "
                    + "with each one's identifiers and authorisation status per jurisdiction on asOf (default today).")
    Mono<EquivalentsView> equivalents(@PathVariable String code, @RequestParam(required = false) String asOf) {
        return Mono.defer(() -> {
            LocalDate day = asOfDay(asOf);
            return product(code).flatMap(p -> Mono.zip(
                            products.findGroupOf(p.key()).map(Optional::of)
                                    .defaultIfEmpty(Optional.empty()),
                            products.findEquivalents(p.key()).collectList())
                    .flatMap(t -> {
                        List<Keyed<ProductView>> others = t.getT2();
                        List<Long> ids = others.stream().map(Keyed::key).toList();
                        if (ids.isEmpty()) {
                            return Mono.just(new EquivalentsView(code, t.getT1().orElse(null), day, List.of()));
                        }
                        return Mono.zip(products.findIdentifiers(ids).collectList(),
                                        products.findAuthorisations(ids).collectList())
                                .map(details -> new EquivalentsView(code, t.getT1().orElse(null), day,
                                        others.stream().map(o -> new EquivalentsView.Equivalent(o.value(),
                                                ProductRepository.valuesFor(details.getT1(), o.key()),
                                                AuthorisationView.forEachJurisdiction(
                                                        ProductRepository.valuesFor(details.getT2(), o.key()), day)))
                                                .toList()));
                    }));
        });
    }

    private Mono<Keyed<ProductView>> product(String code) {
        return products.findByCode(code)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no product with code " + code)));
    }

    private static LocalDate asOfDay(String asOf) {
        LocalDate day = RequestParameters.optional("asOf", asOf, LocalDate::parse);
        return day != null ? day : LocalDate.now(ZoneOffset.UTC);
    }
}
