package org.stockbridge.api.stock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.stock.MovementHistoryRepository.MovementFilter;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import org.stockbridge.domain.ledger.MovementType;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.RequiresScope;

@RestController
@RequestMapping("/api/v1/movements")
@Tag(name = "Ledger", description = "Post movements; every balance is the sum of its movements")
class MovementHistoryController {

    private final MovementHistoryRepository movements;

    MovementHistoryController(MovementHistoryRepository movements) {
        this.movements = movements;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @Operation(operationId = "listMovements",
            summary = "Movement history",
            description = "Ledger lines newest first (by occurredAt, then id), each with its reason, actor, document "
                    + "reference, prior on hand (counts), the line it reverses and the line that reversed it. Filter "
                    + "by site code, product code, lot number, type (one or more of RECEIPT, ISSUE, ADJUSTMENT, "
                    + "TRANSFER_OUT, TRANSFER_IN, COUNT_CORRECTION, WRITE_OFF, REVERSAL, comma-separated) and "
                    + "occurredAt from (included) and to (excluded); a date as from means the start of that UTC day, "
                    + "as to the end of it. Cursor pagination.")
    Mono<Page<MovementHistoryLine>> list(@RequestParam(required = false) String site,
                                         @RequestParam(required = false) String product,
                                         @RequestParam(required = false) String lot,
                                         @RequestParam(required = false) String type,
                                         @RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to,
                                         @RequestParam(required = false) String cursor,
                                         @RequestParam(required = false) Integer limit,
                                         ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit, 2);
            OffsetDateTime start = TimeParameters.from("from", from);
            OffsetDateTime end = TimeParameters.until("to", to);
            if (start != null && end != null && !start.isBefore(end)) {
                throw new InvalidRequestException("to", "to must be after from");
            }
            MovementFilter filter = new MovementFilter(RequestParameters.optionalText("site", site, 64),
                    RequestParameters.optionalText("product", product, 64),
                    RequestParameters.optionalText("lot", lot, 200), types(type), start, end, caller.siteFilter());
            return movements.find(filter, page).collectList().map(rows -> Page.of(rows, page));
        });
    }

    private static List<MovementType> types(String type) {
        String text = RequestParameters.optionalText("type", type, 200);
        if (text == null) {
            return null;
        }
        List<MovementType> types = Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> RequestParameters.optional("type", t, MovementType::parse)).distinct().toList();
        if (types.isEmpty()) {
            throw new InvalidRequestException("type", "type must name at least one movement type");
        }
        return types;
    }
}
