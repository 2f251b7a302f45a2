package org.stockbridge.api.ledger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.idempotency.IdempotencyService;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.Idempotent;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Ledger", description = "Post movements; every balance is the sum of its movements")
class MovementController {

    private final LedgerService ledger;
    private final IdempotencyService idempotency;
    private final MovementMeters meters;

    MovementController(LedgerService ledger, IdempotencyService idempotency, MovementMeters meters) {
        this.ledger = ledger;
        this.idempotency = idempotency;
        this.meters = meters;
    }

    @RequiresScope(Caller.WRITE)
    @Idempotent
    @PostMapping("/movements")
    @ApiResponse(responseCode = "201", description = "The lines written (an ISSUE without a lot may take "
            + "several lots, first expiry first out), each with its lot's balance right after it",
            content = @Content(schema = @Schema(implementation = MovementResult.class)))
    @Operation(operationId = "createMovement",
            summary = "Post one movement",
            description = "RECEIPT, ISSUE, ADJUSTMENT, TRANSFER_OUT, TRANSFER_IN, WRITE_OFF or COUNT. An ISSUE or "
                    + "TRANSFER_OUT without a lot takes lots first-expiry-first-out. Requires an Idempotency-Key.")
    Mono<ResponseEntity<String>> post(@RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                      @RequestBody MovementRequest request, ServerWebExchange exchange) {
        String actor = Callers.actor(exchange);
        Caller caller = Callers.caller(exchange);
        AtomicInteger written = new AtomicInteger();
        return idempotency.execute(Callers.client(exchange), key, "POST", "/api/v1/movements", request,
                HttpStatus.CREATED, () -> ledger.apply(request, caller, actor, null, "movement")
                        .doOnNext(lines -> written.set(lines.size()))
                        .map(lines -> new MovementResult(request.documentRef(), lines)))
                .transform(answer -> meters.counted(answer, written));
    }

    @RequiresScope(Caller.WRITE)
    @Idempotent
    @PostMapping("/movement-documents")
    @ApiResponse(responseCode = "201", description = "Every line of the document, written together",
            content = @Content(schema = @Schema(implementation = MovementResult.class)))
    @Operation(operationId = "createMovementDocument",
            summary = "Post a document of many movements, all or nothing",
            description = "Every line is applied in one transaction; if one is refused, none is written. "
                    + "Requires an Idempotency-Key.")
    Mono<ResponseEntity<String>> postDocument(
            @RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
            @RequestBody MovementDocumentRequest request, ServerWebExchange exchange) {
        String actor = Callers.actor(exchange);
        Caller caller = Callers.caller(exchange);
        String documentRef = request == null ? null : MovementCommand.text("documentRef", request.documentRef());
        AtomicInteger written = new AtomicInteger();
        return idempotency.execute(Callers.client(exchange), key, "POST", "/api/v1/movement-documents", request,
                HttpStatus.CREATED, () -> ledger.applyAll(request == null ? null : request.lines(), caller, actor,
                        documentRef)
                        .doOnNext(lines -> written.set(lines.size()))
                        .map(lines -> new MovementResult(documentRef, lines)))
                .transform(answer -> meters.counted(answer, written));
    }

    @RequiresScope(Caller.WRITE)
    @Idempotent
    @PostMapping("/movements/{id}/reversal")
    @ApiResponse(responseCode = "201", description = "The reversal line",
            content = @Content(schema = @Schema(implementation = MovementResult.class)))
    @Operation(operationId = "reverseMovement",
            summary = "Reverse a movement once, by a new line that undoes it",
            description = "Nothing is updated or deleted. Requires an Idempotency-Key.")
    Mono<ResponseEntity<String>> reverse(@RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                         @PathVariable long id, @RequestBody(required = false) ReversalRequest request,
                                         ServerWebExchange exchange) {
        String actor = Callers.actor(exchange);
        Caller caller = Callers.caller(exchange);
        ReversalRequest body = request == null ? new ReversalRequest(null, null) : request;
        AtomicInteger written = new AtomicInteger();
        return idempotency.execute(Callers.client(exchange), key, "POST", "/api/v1/movements/" + id + "/reversal",
                body, HttpStatus.CREATED, () -> ledger.reverse(id, body, caller, actor)
                        .doOnNext(lines -> written.set(lines.size()))
                        .map(lines -> new MovementResult(body.documentRef(), lines)))
                .transform(answer -> meters.counted(answer, written));
    }
}
