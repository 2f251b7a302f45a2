package org.stockbridge.api.ledger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.idempotency.IdempotencyService;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.Idempotent;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.RequestParameters;
import org.stockbridge.api.web.RequiresScope;
import org.stockbridge.domain.ClientDates;
import org.stockbridge.domain.ledger.Quantities;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Stock positions", description = "A partner's counted stock, reconciled into count-correction lines")
class StockPositionController {

    private static final String PATH = "/api/v1/sites/{site}/stock-positions";

    private final StockPositions positions;
    private final IdempotencyService idempotency;

    StockPositionController(StockPositions positions, IdempotencyService idempotency) {
        this.positions = positions;
        this.idempotency = idempotency;
    }

    @RequiresScope(Caller.WRITE)
    @Idempotent
    @PostMapping(path = PATH, consumes = "application/json")
    @ApiResponse(responseCode = "200", description = "What the upload corrected",
            content = @Content(schema = @Schema(implementation = StockPositions.Reconciliation.class)))
    @Operation(operationId = "submitStockPositions",
            summary = "Upload counted stock positions of a site (JSON)",
            description = "Each (product, lot) whose count differs from its balance gets a count-correction line with "
                    + "the prior on hand; counts that agree write nothing; complete=true counts every lot left out as "
                    + "zero. A lot new to Stockbridge needs its expiry. All or nothing; requires an Idempotency-Key "
                    + "(the same upload again replays the first answer).")
    Mono<ResponseEntity<String>> upload(@PathVariable String site,
                                        @RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                        @RequestBody StockPositions.Upload upload, ServerWebExchange exchange) {
        return apply(site, key, upload, exchange);
    }

    @RequiresScope(Caller.WRITE)
    @Idempotent
    @PostMapping(path = PATH, consumes = "text/csv")
    @ApiResponse(responseCode = "200", description = "What the upload corrected",
            content = @Content(schema = @Schema(implementation = StockPositions.Reconciliation.class)))
    @Operation(operationId = "submitStockPositions",
            summary = "Upload counted stock positions of a site (CSV)",
            description = "A header row with product, lot and counted (expiry and extendedExpiry, YYYY-MM-DD, for new "
                    + "lots); countedAt, complete and documentRef as query parameters. Otherwise as the JSON upload.")
    Mono<ResponseEntity<String>> uploadCsv(@PathVariable String site,
                                           @RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                           @RequestParam(required = false) String countedAt,
                                           @RequestParam(required = false) Boolean complete,
                                           @RequestParam(required = false) String documentRef,
                                           @RequestBody(required = false) String csv, ServerWebExchange exchange) {
        return Mono.defer(() -> apply(site, key, new StockPositions.Upload(time(countedAt), complete, documentRef,
                parse(csv)), exchange));
    }

    private Mono<ResponseEntity<String>> apply(String site, String key, StockPositions.Upload upload,
                                               ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        String actor = Callers.actor(exchange);
        StockPositions.Upload referenced = upload == null || upload.documentRef() != null || key == null ? upload
                : new StockPositions.Upload(upload.countedAt(), upload.complete(), "positions:" + key,
                upload.positions());
        return idempotency.execute(Callers.client(exchange), key, "POST", "/api/v1/sites/" + site + "/stock-positions",
                referenced, HttpStatus.OK, () -> positions.reconcile(site, referenced, caller, actor));
    }

    static List<StockPositions.Position> parse(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new InvalidRequestException("body", "the CSV upload is empty");
        }
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(new StringReader(csv.replace("\uFEFF", "")))) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : List.of("product", "lot", "counted")) {
                if (!header.containsKey(column)) {
                    throw new InvalidRequestException("body", "the CSV header must name product, lot and counted; it "
                            + "names " + parser.getHeaderNames());
                }
            }
            List<StockPositions.Position> result = new ArrayList<>();
            for (CSVRecord row : parser) {
                String line = "line " + (row.getRecordNumber() + 1);
                result.add(new StockPositions.Position(row.get("product"), row.get("lot"),
                        date(row, "expiry", line), date(row, "extendedExpiry", line), count(row.get("counted"), line)));
                if (result.size() > StockPositions.MAX_POSITIONS) {
                    throw new InvalidRequestException("body", "at most " + StockPositions.MAX_POSITIONS
                            + " positions per upload");
                }
            }
            return result;
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            if (e instanceof InvalidRequestException invalid) {
                throw invalid;
            }
            throw new InvalidRequestException("body", "the CSV upload could not be read: " + e.getMessage());
        }
    }

    private static Long count(String text, String line) {
        long counted;
        try {
            counted = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("counted", line + ": counted must be a whole number, was '" + text + "'");
        }
        String refusal = Quantities.lineRefusal("counted", counted);
        if (refusal != null) {
            throw new InvalidRequestException("counted", line + ": " + refusal);
        }
        return counted;
    }

    private static LocalDate date(CSVRecord row, String column, String line) {
        if (!row.isMapped(column) || row.get(column).isBlank()) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(row.get(column).trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(column, line + ": " + column + " must be YYYY-MM-DD, was '"
                    + row.get(column) + "'");
        }
        String refusal = ClientDates.refusal(day);
        if (refusal != null) {
            throw new InvalidRequestException(column, line + ": " + column + " " + refusal + ", was " + day);
        }
        return day;
    }

    private static OffsetDateTime time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return RequestParameters.within("countedAt", text, OffsetDateTime.parse(text.trim()));
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("countedAt", "countedAt must be an ISO date-time with offset, was " + text);
        }
    }
}
