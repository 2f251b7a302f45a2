package org.stockbridge.api.site;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.site.SiteRepository.SiteFilter;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import org.stockbridge.api.web.RequiresScope;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.SiteKind;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/sites")
@Tag(name = "Sites", description = "Stockpile locations in the United States and Canada")
class SiteController {

    private final SiteRepository sites;

    SiteController(SiteRepository sites) {
        this.sites = sites;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @Operation(operationId = "listSites",
            summary = "List sites", description = "Filter by jurisdiction (US, CA), agency code, region "
            + "(HHS-1..HHS-10 or a province code) and kind; cursor pagination.")
    Mono<Page<SiteView>> list(@RequestParam(required = false) String jurisdiction,
                              @RequestParam(required = false) String agency,
                              @RequestParam(required = false) String region,
                              @RequestParam(required = false) String kind,
                              @RequestParam(required = false) String cursor,
                              @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            SiteFilter filter = new SiteFilter(
                    RequestParameters.optional("jurisdiction", jurisdiction, Jurisdiction::parse),
                    RequestParameters.optionalText("agency", agency, 64),
                    RequestParameters.optionalText("region", region, 64),
                    RequestParameters.optional("kind", kind, SiteKind::parse), caller.siteFilter());
            return sites.find(filter, page).collectList().map(rows -> Page.of(rows, page));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{code}")
    @Operation(operationId = "getSite",
            summary = "Get one site by its code")
    Mono<SiteView> get(@PathVariable String code, ServerWebExchange exchange) {
        return sites.findByCode(code, Callers.caller(exchange).siteFilter())
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no site with code " + code)));
    }
}
