package org.stockbridge.api.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.idempotency.IdempotencyService;
import org.stockbridge.api.ledger.StockPositions;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.Idempotent;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A site's stock as an HL7 FHIR R5 {@code InventoryReport} (a snapshot: one listing for the site, one item per lot with
 * stock, each item referencing a contained {@code InventoryItem} that names the product by its Stockbridge code, NDC
 * or DIN, and the lot by number and expiry); and an {@code InventoryReport} snapshot taken in as counted stock
 * positions. The mapping lives in {@link InventoryReportService}.
 */
@RestController
@Tag(name = "FHIR", description = "HL7 FHIR R5 InventoryReport export and import")
class InventoryReportController {

    static final String FHIR_JSON = InventoryReportService.FHIR_JSON;

    private final InventoryReportService reports;
    private final StockPositions positions;
    private final IdempotencyService idempotency;

    InventoryReportController(InventoryReportService reports, StockPositions positions, IdempotencyService idempotency) {
        this.reports = reports;
        this.positions = positions;
        this.idempotency = idempotency;
    }

    @RequiresScope(Caller.READ)
    @GetMapping(path = "/api/v1/sites/{site}/inventory-report", produces = {FHIR_JSON, MediaType.APPLICATION_JSON_VALUE})
    @ApiResponse(responseCode = "200", description = "An HL7 FHIR R5 InventoryReport (countType snapshot) with "
            + "its items as contained InventoryItems", content = {
            @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = "FHIR R5 InventoryReport")),
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(type = "object", description = "FHIR R5 InventoryReport"))})
    @Operation(operationId = "getInventoryReport",
            summary = "A site's stock as a FHIR R5 InventoryReport snapshot")
    Mono<ResponseEntity<String>> export(@PathVariable String site, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return reports.export(caller, site)
                .map(body -> ResponseEntity.ok().contentType(MediaType.parseMediaType(FHIR_JSON)).body(body));
    }

    @RequiresScope(Caller.WRITE)
    @Idempotent
    @PostMapping(path = "/api/v1/sites/{site}/inventory-report", consumes = {FHIR_JSON, MediaType.APPLICATION_JSON_VALUE})
    @ApiResponse(responseCode = "200", description = "What the report corrected",
            content = @Content(schema = @Schema(implementation = StockPositions.Reconciliation.class)))
    @Operation(operationId = "submitInventoryReport",
            summary = "Take in a FHIR R5 InventoryReport snapshot as counted stock positions",
            description = "countType must be snapshot; every item references a contained InventoryItem naming the "
                    + "product (Stockbridge code, NDC or DIN coding) and the lot (instance.lotNumber, and "
                    + "instance.expiry for a lot new to Stockbridge), with a whole quantity. Counts that differ from "
                    + "the ledger become count-correction lines, as for stock-positions; complete=true also counts the "
                    + "site's unlisted lots as zero. Requires an Idempotency-Key.")
    Mono<ResponseEntity<String>> take(@PathVariable String site,
                                      @RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                      @RequestParam(required = false) Boolean complete,
                                      @RequestBody(required = false) String body, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        String actor = Callers.actor(exchange);
        return Mono.fromCallable(() -> InventoryReportService.parse(body))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(report -> reports.uploadOf(report, site, complete, key))
                .flatMap(upload -> idempotency.execute(Callers.client(exchange), key, "POST",
                        "/api/v1/sites/" + site + "/inventory-report", upload, HttpStatus.OK,
                        () -> positions.reconcile(site, upload, caller, actor)));
    }
}
