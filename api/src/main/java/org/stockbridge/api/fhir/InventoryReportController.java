package org.stockbridge.api.fhir;

import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.strings;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.CodeableReference;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Identifier;
import org.hl7.fhir.r5.model.InventoryItem;
import org.hl7.fhir.r5.model.InventoryReport;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
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
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.Idempotent;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import org.stockbridge.api.web.RequiresScope;

/**
 * A site's stock as an HL7 FHIR R5 {@code InventoryReport} (a snapshot: one listing for the site, one item per lot with
 * stock, each item referencing a contained {@code InventoryItem} that names the product by its Stockbridge code, NDC
 * or DIN, and the lot by number and expiry); and an {@code InventoryReport} snapshot taken in as counted stock
 * positions. HAPI FHIR does the parsing and serialising, off the event loop.
 */
@RestController
@Tag(name = "FHIR", description = "HL7 FHIR R5 InventoryReport export and import")
class InventoryReportController {

    static final String FHIR_JSON = "application/fhir+json";
    static final String PRODUCT_SYSTEM = "https://stockbridge.dev/fhir/product";
    static final String SITE_SYSTEM = "https://stockbridge.dev/fhir/site";
    static final String NDC_SYSTEM = "http://hl7.org/fhir/sid/ndc";
    static final String DIN_SYSTEM = "http://hl7.org/fhir/sid/ca-hc-din";
    static final String GTIN_SYSTEM = "https://www.gs1.org/gtin";

    private static final Supplier<FhirContext> FHIR = new Supplier<>() {
        private volatile FhirContext context;

        @Override
        public FhirContext get() {
            FhirContext current = context;
            if (current == null) {
                synchronized (this) {
                    if (context == null) {
                        context = FhirContext.forR5();
                    }
                    current = context;
                }
            }
            return current;
        }
    };

    private final DatabaseClient client;
    private final StockPositions positions;
    private final IdempotencyService idempotency;

    InventoryReportController(DatabaseClient client, StockPositions positions, IdempotencyService idempotency) {
        this.client = client;
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
        return siteRow(site, caller).flatMap(row -> client.sql("""
                        SELECT p.code AS product, p.name, p.kind, p.unit_of_issue, l.lot_number, l.labelled_expiry,
                               b.on_hand,
                               array(SELECT i.system || '|' || i.value FROM product_identifier i
                                      WHERE i.product_id = p.id AND i.system IN ('NDC', 'DIN', 'GTIN')
                                      ORDER BY i.system, i.value) AS identifiers
                          FROM balance b JOIN product p ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id
                         WHERE b.site_id = :site AND b.on_hand > 0
                         ORDER BY p.code, l.lot_number""")
                .bind("site", row.id())
                .map(r -> new Line(string(r, "product"), string(r, "name"), string(r, "kind"), string(r, "unit_of_issue"),
                        string(r, "lot_number"), date(r, "labelled_expiry"), longValue(r, "on_hand"),
                        strings(r, "identifiers")))
                .all()
                .collectList()
                .publishOn(Schedulers.boundedElastic())
                .map(lines -> FHIR.get().newJsonParser().setPrettyPrint(true)
                        .encodeResourceToString(report(row, lines))))
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
        return Mono.fromCallable(() -> parse(body))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(report -> uploadOf(report, site, complete, key))
                .flatMap(upload -> idempotency.execute(Callers.client(exchange), key, "POST",
                        "/api/v1/sites/" + site + "/inventory-report", upload, HttpStatus.OK,
                        () -> positions.reconcile(site, upload, caller, actor)));
    }

    private record SiteRow(long id, String code, String name) {
    }

    private record Line(String product, String name, String kind, String unit, String lot, LocalDate expiry,
                        long onHand, List<String> identifiers) {
    }

    private Mono<SiteRow> siteRow(String code, Caller caller) {
        return client.sql("SELECT id, code, name FROM site WHERE code = :code").bind("code", code)
                .map(r -> new SiteRow(longValue(r, "id"), string(r, "code"), string(r, "name"))).one()
                .filter(row -> caller.sees(row.id()))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no site with code " + code)));
    }

    private static InventoryReport report(SiteRow site, List<Line> lines) {
        InventoryReport report = new InventoryReport();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        report.setId(site.code() + "-" + now.toEpochSecond());
        report.setStatus(InventoryReport.InventoryReportStatus.ACTIVE);
        report.setCountType(InventoryReport.InventoryCountType.SNAPSHOT);
        // to the millisecond, rounded up: the snapshot read every line before this instant, and sent back as counted
        // positions it must not be dated before the lines it shows (seconds would cut the receipt of a second ago)
        DateTimeType taken = new DateTimeType(Date.from(now.toInstant().truncatedTo(ChronoUnit.MILLIS).plusMillis(1)),
                TemporalPrecisionEnum.MILLI);
        report.setReportedDateTimeElement(taken);
        InventoryReport.InventoryReportInventoryListingComponent listing = report.addInventoryListing();
        listing.setLocation(new Reference().setIdentifier(new Identifier().setSystem(SITE_SYSTEM).setValue(site.code()))
                .setDisplay(site.name()));
        listing.setCountingDateTimeElement(taken.copy());
        listing.setItemStatus(new CodeableConcept().setText("on hand"));
        int n = 0;
        for (Line line : lines) {
            String id = "item" + (++n);
            InventoryItem item = new InventoryItem();
            item.setId(id);
            item.setStatus(InventoryItem.InventoryItemStatusCodes.ACTIVE);
            CodeableConcept code = new CodeableConcept().setText(line.name());
            code.addCoding(new Coding(PRODUCT_SYSTEM, line.product(), line.name()));
            for (String identifier : line.identifiers()) {
                String[] parts = identifier.split("\\|", 2);
                code.addCoding(new Coding(switch (parts[0]) {
                    case "NDC" -> NDC_SYSTEM;
                    case "DIN" -> DIN_SYSTEM;
                    default -> GTIN_SYSTEM;
                }, parts[1], null));
            }
            item.addCode(code);
            InventoryItem.InventoryItemInstanceComponent instance = item.getInstance();
            instance.setLotNumber(line.lot());
            instance.setExpiry(Date.from(line.expiry().atStartOfDay().toInstant(ZoneOffset.UTC)));
            report.addContained(item);
            InventoryReport.InventoryReportInventoryListingItemComponent entry = listing.addItem();
            entry.setCategory(new CodeableConcept().addCoding(new Coding(PRODUCT_SYSTEM + "-kind", line.kind(), null)));
            entry.setQuantity(new Quantity().setValue(line.onHand()).setUnit(line.unit()));
            entry.setItem(new CodeableReference().setReference(new Reference("#" + id)));
        }
        return report;
    }

    private static InventoryReport parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("body", "an InventoryReport resource is required");
        }
        try {
            return FHIR.get().newJsonParser().parseResource(InventoryReport.class, body);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidRequestException("body", "not a FHIR R5 InventoryReport: " + e.getMessage());
        }
    }

    private Mono<StockPositions.Upload> uploadOf(InventoryReport report, String site, Boolean complete, String key) {
        if (report.getCountType() != InventoryReport.InventoryCountType.SNAPSHOT) {
            return Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unsupported-report",
                    "Unsupported report", "only snapshot InventoryReports are taken in; this one is "
                    + (report.getCountType() == null ? "without countType" : report.getCountType().toCode())));
        }
        List<Mono<StockPositions.Position>> items = new ArrayList<>();
        OffsetDateTime countedAt = null;
        for (int l = 0; l < report.getInventoryListing().size(); l++) {
            InventoryReport.InventoryReportInventoryListingComponent listing = report.getInventoryListing().get(l);
            Identifier location = listing.getLocation().getIdentifier();
            if (location != null && location.hasValue() && !site.equals(location.getValue())) {
                return Mono.error(new InvalidRequestException("inventoryListing[" + l + "].location",
                        "the listing is for site " + location.getValue() + ", not " + site));
            }
            if (listing.hasCountingDateTime()) {
                OffsetDateTime listed = listing.getCountingDateTime().toInstant().atOffset(ZoneOffset.UTC);
                if (countedAt != null && !countedAt.isEqual(listed)) {
                    // one upload is one count at one moment: each listing would otherwise be placed at another's time
                    return Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unsupported-report",
                            "Unsupported report", "inventoryListing[" + l + "] was counted at " + listed
                            + ", another listing at " + countedAt + "; send listings counted at different times as "
                            + "reports of their own"));
                }
                countedAt = listed;
            }
            for (int i = 0; i < listing.getItem().size(); i++) {
                String field = "inventoryListing[" + l + "].item[" + i + "]";
                items.add(position(report, listing.getItem().get(i), field));
            }
        }
        if (countedAt == null && report.hasReportedDateTime()) {
            countedAt = report.getReportedDateTime().toInstant().atOffset(ZoneOffset.UTC);
        }
        OffsetDateTime at = countedAt;
        String reference = report.hasIdentifier() ? report.getIdentifierFirstRep().getValue()
                : report.hasIdElement() && report.getIdElement().hasIdPart() ? "InventoryReport/"
                + report.getIdElement().getIdPart() : key == null ? null : "inventory-report:" + key;
        return reactor.core.publisher.Flux.concat(items).collectList()
                .map(list -> new StockPositions.Upload(at, complete, reference, list));
    }

    private Mono<StockPositions.Position> position(InventoryReport report,
                                                   InventoryReport.InventoryReportInventoryListingItemComponent entry,
                                                   String field) {
        Quantity quantity = entry.getQuantity();
        if (quantity == null || !quantity.hasValue()) {
            return Mono.error(new InvalidRequestException(field + ".quantity", "every item needs a quantity"));
        }
        BigDecimal value = quantity.getValue();
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0) {
            return Mono.error(new InvalidRequestException(field + ".quantity",
                    "quantity must be a whole number of units of issue, zero or more, was " + value));
        }
        String reference = entry.hasItem() && entry.getItem().hasReference()
                ? entry.getItem().getReference().getReference() : null;
        InventoryItem item = reference == null ? null : report.getContained().stream()
                .filter(r -> r instanceof InventoryItem && ("#" + r.getIdElement().getIdPart()).equals(reference))
                .map(InventoryItem.class::cast).findFirst().orElse(null);
        if (item == null || !item.hasInstance() || !item.getInstance().hasLotNumber()) {
            return Mono.error(new InvalidRequestException(field + ".item", "every item must reference a contained "
                    + "InventoryItem with instance.lotNumber"));
        }
        LocalDate expiry = item.getInstance().hasExpiry()
                ? item.getInstance().getExpiry().toInstant().atOffset(ZoneOffset.UTC).toLocalDate() : null;
        return product(item, field).map(product -> new StockPositions.Position(product,
                item.getInstance().getLotNumber(), expiry, null, value.longValueExact()));
    }

    /** The product an InventoryItem names: its Stockbridge code, else a product with that NDC, DIN or GTIN. */
    private Mono<String> product(InventoryItem item, String field) {
        List<Coding> codings = item.getCode().stream().flatMap(c -> c.getCoding().stream()).toList();
        for (Coding coding : codings) {
            if (PRODUCT_SYSTEM.equals(coding.getSystem()) && coding.hasCode()) {
                return Mono.just(coding.getCode());
            }
        }
        List<String[]> identifiers = new ArrayList<>();
        for (Coding coding : codings) {
            String system = NDC_SYSTEM.equals(coding.getSystem()) ? "NDC" : DIN_SYSTEM.equals(coding.getSystem()) ? "DIN"
                    : GTIN_SYSTEM.equals(coding.getSystem()) ? "GTIN" : null;
            if (system != null && coding.hasCode()) {
                identifiers.add(new String[] {system, coding.getCode()});
            }
        }
        if (identifiers.isEmpty()) {
            return Mono.error(new InvalidRequestException(field + ".item", "the InventoryItem names no product: give a "
                    + "coding of " + PRODUCT_SYSTEM + ", " + NDC_SYSTEM + " or " + DIN_SYSTEM));
        }
        return reactor.core.publisher.Flux.fromIterable(identifiers)
                .concatMap(id -> client.sql("SELECT p.code FROM product_identifier i JOIN product p ON p.id = "
                                + "i.product_id WHERE i.system = :system AND i.lookup_key = "
                                + "upper(regexp_replace(:value, '[^0-9A-Za-z]', '', 'g'))")
                        .bind("system", id[0]).bind("value", id[1])
                        .map(r -> string(r, "code")).all())
                .next()
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-reference",
                        "Unknown reference", "no product with the identifiers " + identifiers.stream()
                        .map(i -> i[0] + " " + i[1]).toList(), Map.of("field", field + ".item"))));
    }
}
