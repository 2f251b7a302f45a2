package org.stockbridge.api.transfer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.audit.AuditTrail;
import org.stockbridge.api.web.ETagged;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.ETags;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.RequiresScope;

/**
 * Lanes and border crossings, the table transfer recommendations route by. Anyone with the read scope reads them; an
 * administrator changes them with {@code If-Match} (428 without it, 412 when stale), each change audited with its
 * before and after. A lane that does not exist yet (a site-specific one) is created by a PUT without {@code If-Match}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Lanes", description = "Transit days and cost between regions and sites, and the border crossings")
class LaneController {

    private final LaneRepository lanes;
    private final TransactionalOperator transaction;
    private final AuditTrail audit;

    LaneController(LaneRepository lanes, TransactionalOperator transaction, AuditTrail audit) {
        this.lanes = lanes;
        this.transaction = transaction;
        this.audit = audit;
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/lanes")
    @Operation(operationId = "listLanes",
            summary = "List lanes", description = "Optionally only those from and/or to a region or site code; "
            + "cursor pagination, ordered by from and to.")
    Mono<Page<LaneView>> list(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) String cursor,
                              @RequestParam(required = false) Integer limit) {
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            return lanes.lanes(RequestParameters.optionalText("from", from, 64),
                    RequestParameters.optionalText("to", to, 64), page).collectList().map(rows -> Page.of(rows, page));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/lanes/{from}/{to}")
    @ETagged
    @Operation(operationId = "getLane",
            summary = "Get one lane", description = "The ETag header holds its version.")
    Mono<ResponseEntity<LaneView>> get(@PathVariable String from, @PathVariable String to) {
        return lanes.lane(from, to)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no lane from " + from + " to " + to)))
                .map(lane -> ResponseEntity.ok().eTag(ETags.of(lane.version())).body(lane));
    }

    @RequiresScope(Caller.ADMIN)
    @PutMapping("/lanes/{from}/{to}")
    @ETagged
    @Operation(operationId = "updateLane",
            summary = "Change or add a lane (admin)",
            description = "from and to are region codes (HHS-1..HHS-10, a province or territory, CA) or site codes. "
                    + "Changing an existing lane requires If-Match: 428 without it, 412 when stale.")
    Mono<ResponseEntity<LaneView>> put(@PathVariable String from, @PathVariable String to,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @RequestBody LaneRequest request, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            if (request == null) {
                throw new InvalidRequestException("body", "a lane body is required");
            }
            if (request.transitDays() == null || request.transitDays() < 0 || request.transitDays() > 60) {
                throw new InvalidRequestException("transitDays", "transitDays must be a whole number from 0 to 60");
            }
            BigDecimal cost = request.costPerUnit();
            if (cost == null || cost.signum() < 0 || cost.scale() > 2 || cost.compareTo(new BigDecimal("99999999")) > 0) {
                throw new InvalidRequestException("costPerUnit", "costPerUnit must be zero or more with at most two "
                        + "decimals");
            }
            String actor = Callers.actor(exchange);
            Mono<ResponseEntity<LaneView>> work = Mono.zip(known(from, "from"), known(to, "to"))
                    .then(lanes.lane(from, to).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                    .flatMap(existing -> {
                        if (existing.isEmpty()) {
                            if (ifMatch != null) {
                                return Mono.error(new ApiException(HttpStatus.PRECONDITION_FAILED,
                                        "precondition-failed", "Precondition failed",
                                        "no lane exists yet from " + from + " to " + to));
                            }
                            return lanes.insertLane(from, to, request.transitDays(), cost, actor)
                                    .then(lanes.lane(from, to))
                                    .flatMap(created -> audit.applied(201, "lane " + from + " -> " + to + " created",
                                            null, created).thenReturn(created))
                                    .map(created -> ResponseEntity.status(HttpStatus.CREATED)
                                            .eTag(ETags.of(created.version())).body(created));
                        }
                        LaneView before = existing.get();
                        long expected = ETags.required(ifMatch, "changing a lane");
                        ETags.check(expected, before.version(), "the lane " + from + " -> " + to);
                        return lanes.updateLane(from, to, request.transitDays(), cost, expected, actor)
                                .flatMap(updated -> updated == 0
                                        ? Mono.error(() -> new ApiException(HttpStatus.PRECONDITION_FAILED,
                                                "precondition-failed", "Precondition failed",
                                                "the lane changed since version " + expected))
                                        : lanes.lane(from, to))
                                .flatMap(after -> audit.applied(200, "lane " + from + " -> " + to + " changed", before,
                                        after).thenReturn(after))
                                .map(after -> ResponseEntity.ok().eTag(ETags.of(after.version())).body(after));
                    });
            return transaction.transactional(work);
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/border-crossings")
    @Operation(operationId = "listBorderCrossings",
            summary = "List the border crossings", description = "By name; each with its delay and whether open.")
    Mono<List<CrossingView>> crossings() {
        return lanes.crossings().collectList();
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/border-crossings/{name}")
    @ETagged
    @Operation(operationId = "getBorderCrossing",
            summary = "Get one border crossing", description = "The ETag header holds its version.")
    Mono<ResponseEntity<CrossingView>> crossing(@PathVariable String name) {
        return lanes.crossing(name)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no border crossing named " + name)))
                .map(c -> ResponseEntity.ok().eTag(ETags.of(c.version())).body(c));
    }

    @RequiresScope(Caller.ADMIN)
    @PutMapping("/border-crossings/{name}")
    @ETagged
    @Operation(operationId = "updateBorderCrossing",
            summary = "Change a border crossing's delay or close it (admin)",
            description = "Requires If-Match: 428 without it, 412 when stale. A closed crossing is never routed through.")
    Mono<ResponseEntity<CrossingView>> putCrossing(@PathVariable String name,
                                                   @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                                   String ifMatch,
                                                   @RequestBody CrossingRequest request, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            if (request == null) {
                throw new InvalidRequestException("body", "a border crossing body is required");
            }
            if (request.delayDays() == null || request.delayDays() < 0 || request.delayDays() > 30) {
                throw new InvalidRequestException("delayDays", "delayDays must be a whole number from 0 to 30");
            }
            if (request.open() == null) {
                throw new InvalidRequestException("open", "open must be true or false");
            }
            String note = RequestParameters.optionalText("note", request.note(), 200);
            String actor = Callers.actor(exchange);
            Mono<ResponseEntity<CrossingView>> work = lanes.crossing(name)
                    .switchIfEmpty(Mono.error(() -> new NotFoundException("no border crossing named " + name)))
                    .flatMap(before -> {
                        long expected = ETags.required(ifMatch, "changing a border crossing");
                        ETags.check(expected, before.version(), "the border crossing " + name);
                        return lanes.updateCrossing(name, request.delayDays(), request.open(), note, expected, actor)
                                .flatMap(updated -> updated == 0
                                        ? Mono.error(() -> new ApiException(HttpStatus.PRECONDITION_FAILED,
                                                "precondition-failed", "Precondition failed",
                                                "the border crossing changed since version " + expected))
                                        : lanes.crossing(name))
                                .flatMap(after -> audit.applied(200, "border crossing " + name + (after.open()
                                        ? " open" : " closed") + ", delay " + after.delayDays() + " d", before, after)
                                        .thenReturn(after))
                                .map(after -> ResponseEntity.ok().eTag(ETags.of(after.version())).body(after));
                    });
            return transaction.transactional(work);
        });
    }

    private Mono<String> known(String code, String field) {
        if (code.length() > 64) {
            return Mono.error(new InvalidRequestException(field, field + " must be at most 64 characters"));
        }
        return lanes.kindOf(code).switchIfEmpty(Mono.error(() -> new NotFoundException(
                "no region or site with code " + code)));
    }
}
