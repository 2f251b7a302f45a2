package org.stockbridge.api.shortage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.EnumParsing;
import org.stockbridge.domain.shortage.Lifecycle;
import org.stockbridge.domain.shortage.ShortageSource;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.RequiresScope;

@RestController
@RequestMapping("/api/v1/shortage-reports")
@Tag(name = "Shortage reports", description = "Drug Shortages Canada and FDA shortage and discontinuation reports in "
        + "one model, each version kept, linked to catalogue products")
class ShortageController {

    private static final Pattern ATC_PREFIX = Pattern.compile("[A-Z][0-9A-Z]{0,6}");
    private static final Pattern DIN = Pattern.compile("\\d{1,8}");
    private static final Pattern NDC = Pattern.compile("[0-9-]{8,14}");

    private final ShortageRepository reports;

    ShortageController(ShortageRepository reports) {
        this.reports = reports;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @Operation(operationId = "listShortageReports",
            summary = "Shortage reports with filters",
            description = "country (US, CA); lifecycle (one or more of ANTICIPATED, ACTIVE, AVOIDED, RESOLVED, "
                    + "TO_BE_DISCONTINUED, DISCONTINUED, REVERSED, ARCHIVED, comma-separated); ingredient (text in the "
                    + "ingredients or common name); atc (ATC code or prefix: the report's, else the DPD's for its DIN); din; ndc (package or product NDC, "
                    + "hyphens optional); activeOn (a date: shortages in effect that day); tier3 (true/false); source "
                    + "(DSC, DRUGSHORTAGES_CA, FDA); sort: newest (default: newest first by the report's last "
                    + "update at its source, else its creation there, then by id; reports with neither date last) or "
                    + "id (by id, the order of release 1.0.0). Cursor pagination: a cursor is valid only for the "
                    + "sort that issued it. Lifecycle ARCHIVED: the source stopped reporting while the report was "
                    + "open; sourceStatus is the last status it gave. freshness: how fresh each source is, as "
                    + "/shortage-reports/freshness (\"DSC reports up to 2024-12-24, FDA list of 2026-03-27\"), "
                    + "whatever the filters."
                    + Reads.MAY_LAG)
    Mono<ShortageReportPage> list(@RequestParam(required = false) String country,
                                        @RequestParam(required = false) String lifecycle,
                                        @RequestParam(required = false) String ingredient,
                                        @RequestParam(required = false) String atc,
                                        @RequestParam(required = false) String din,
                                        @RequestParam(required = false) String ndc,
                                        @RequestParam(required = false) String activeOn,
                                        @RequestParam(required = false) Boolean tier3,
                                        @RequestParam(required = false) String source,
                                        @RequestParam(required = false) String sort,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit) {
        return Mono.defer(() -> {
            ShortageRepository.Sort parsed = RequestParameters.optional("sort", sort,
                    v -> EnumParsing.parse(ShortageRepository.Sort.class, "sort", v));
            ShortageRepository.Sort order = parsed == null ? ShortageRepository.Sort.NEWEST : parsed;
            PageRequest page = PageRequest.of(cursor, limit, order.keys());
            Jurisdiction jurisdiction = RequestParameters.optional("country", country, Jurisdiction::parse);
            List<String> lifecycles = null;
            String lifecycleText = RequestParameters.optionalText("lifecycle", lifecycle, 200);
            if (lifecycleText != null) {
                lifecycles = new ArrayList<>();
                for (String part : lifecycleText.split(",")) {
                    lifecycles.add(RequestParameters.optional("lifecycle", part,
                            v -> EnumParsing.parse(Lifecycle.class, "lifecycle", v)).name());
                }
            }
            String atcPrefix = RequestParameters.optionalText("atc", atc, 7);
            if (atcPrefix != null) {
                atcPrefix = atcPrefix.toUpperCase();
                if (!ATC_PREFIX.matcher(atcPrefix).matches()) {
                    throw new InvalidRequestException("atc", "atc must be an ATC code or prefix such as N02 or N02BE01");
                }
            }
            String dinValue = RequestParameters.optionalText("din", din, 8);
            if (dinValue != null) {
                if (!DIN.matcher(dinValue).matches()) {
                    throw new InvalidRequestException("din", "din must be a number of up to 8 digits");
                }
                dinValue = "0".repeat(8 - dinValue.length()) + dinValue;
            }
            String ndcValue = RequestParameters.optionalText("ndc", ndc, 14);
            if (ndcValue != null) {
                if (!NDC.matcher(ndcValue).matches()) {
                    throw new InvalidRequestException("ndc", "ndc must be an NDC such as 0409-6695-02");
                }
                ndcValue = ndcValue.replace("-", "");
            }
            ShortageSource shortageSource = RequestParameters.optional("source", source,
                    v -> EnumParsing.parse(ShortageSource.class, "source", v));
            ShortageRepository.Filter filter = new ShortageRepository.Filter(
                    jurisdiction == null ? null : jurisdiction.name(), lifecycles,
                    RequestParameters.optionalText("ingredient", ingredient, 100), atcPrefix, dinValue, ndcValue,
                    RequestParameters.optional("activeOn", activeOn, LocalDate::parse), tier3,
                    shortageSource == null ? null : shortageSource.name());
            return Mono.zip(reports.list(filter, order, page).collectList(), reports.freshness())
                    .map(t -> ShortageReportPage.of(Page.of(t.getT1(), page), t.getT2()));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{id}")
    @Operation(operationId = "getShortageReport",
            summary = "One report with its links and version history",
            description = "Every field the sources gave, the catalogue products and equivalence groups it is linked "
                    + "to with the match method (DIN, PACKAGE_NDC, PRODUCT_NDC, DPD_INGREDIENTS_ATC, INGREDIENTS_ATC, "
                    + "SUBSTANCE), its versions newest first with what each changed, and freshness: how fresh each "
                    + "source is, as /shortage-reports/freshness (the report's own source among them).")
    Mono<ShortageReportDetail> one(@PathVariable long id) {
        return reports.detail(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no shortage report " + id)));
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/freshness")
    @Operation(operationId = "getShortageSourceFreshness",
            summary = "How fresh each shortage source is",
            description = "Computed from what was ingested: for each source with reports, the creation date of its "
                    + "newest report (reportsUpTo), the newest last-update date (updatedUpTo), the newest complete "
                    + "snapshot read (snapshotOf, the FDA list), whether it still reports (live, endedOn) and a "
                    + "phrase; statement joins the live sources' phrases, e.g. \"DSC reports up to 2024-12-24, FDA "
                    + "list of 2026-03-27\".")
    Mono<ShortageFreshness> freshness() {
        return reports.freshness();
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/summary")
    @Operation(operationId = "getShortageReportSummary",
            summary = "Active reports by country, ATC class and reason; new reports per month; source freshness",
            description = "Active means lifecycle ACTIVE, still listed by the source, and of a source that still "
                    + "reports (DSC, FDA; drugshortages.ca ended on 2017-03-14 and its open reports are ARCHIVED). "
                    + "newPerMonth counts reports by the month they were created at the source, up to asOf (a date, "
                    + "default today). freshness: as /shortage-reports/freshness.")
    Mono<ShortageSummary> summary(@RequestParam(required = false) String asOf) {
        return Mono.defer(() -> {
            LocalDate day = RequestParameters.optional("asOf", asOf, LocalDate::parse);
            return reports.summary(day == null ? LocalDate.now(ZoneOffset.UTC) : day);
        });
    }
}
