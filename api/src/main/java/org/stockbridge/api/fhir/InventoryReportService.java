package org.stockbridge.api.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
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
import org.springframework.stereotype.Service;
import org.stockbridge.api.ledger.StockPositions;
import org.stockbridge.api.site.SiteRef;
import org.stockbridge.api.site.Sites;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.domain.ClientDates;
import org.stockbridge.domain.ledger.Quantities;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A site's stock as an HL7 FHIR R5 {@code InventoryReport} snapshot, and such a snapshot read back as counted stock
 * positions: the mapping between the FHIR resources and Stockbridge's sites, products and lots. HAPI FHIR parses and
 * serialises, off the event loop.
 */
@Service
class InventoryReportService {

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

    private final InventoryReportRepository repository;
    private final Sites sites;

    InventoryReportService(InventoryReportRepository repository, Sites sites) {
        this.repository = repository;
        this.sites = sites;
    }

    /** The site's lots with stock as a FHIR JSON InventoryReport; 404 for a site the caller may not see. */
    Mono<String> export(Caller caller, String siteCode) {
        return sites.visible(caller, siteCode).flatMap(site -> repository.lines(site.id()).collectList()
                .publishOn(Schedulers.boundedElastic())
                .map(lines -> FHIR.get().newJsonParser().setPrettyPrint(true)
                        .encodeResourceToString(report(site, lines))));
    }

    static InventoryReport report(SiteRef site, List<InventoryReportRepository.Line> lines) {
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
        for (InventoryReportRepository.Line line : lines) {
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

    static InventoryReport parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("body", "an InventoryReport resource is required");
        }
        FhirNumbers.check(body);
        try {
            return FHIR.get().newJsonParser().parseResource(InventoryReport.class, body);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidRequestException("body", "not a FHIR R5 InventoryReport: " + e.getMessage());
        }
    }

    Mono<StockPositions.Upload> uploadOf(InventoryReport report, String site, Boolean complete, String key) {
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
        String badTime = ClientDates.refusal(countedAt);
        if (badTime != null) {
            return Mono.error(new InvalidRequestException("countingDateTime", "countingDateTime (or reportedDateTime) "
                    + badTime + ", was " + countedAt));
        }
        OffsetDateTime at = countedAt;
        String reference = report.hasIdentifier() ? report.getIdentifierFirstRep().getValue()
                : report.hasIdElement() && report.getIdElement().hasIdPart() ? "InventoryReport/"
                + report.getIdElement().getIdPart() : key == null ? null : "inventory-report:" + key;
        return Flux.concat(items).collectList()
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
        String tooLarge = Quantities.lineRefusal("quantity", value);
        if (tooLarge != null) {
            return Mono.error(new InvalidRequestException(field + ".quantity", tooLarge));
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
        String badExpiry = ClientDates.refusal(expiry);
        if (badExpiry != null) {
            return Mono.error(new InvalidRequestException(field + ".expiry", "expiry " + badExpiry + ", was "
                    + expiry));
        }
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
        return Flux.fromIterable(identifiers)
                .concatMap(id -> repository.productCodes(id[0], id[1]))
                .next()
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-reference",
                        "Unknown reference", "no product with the identifiers " + identifiers.stream()
                        .map(i -> i[0] + " " + i[1]).toList(), Map.of("field", field + ".item"))));
    }
}
