package org.stockbridge.api.transfer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.idempotency.IdempotencyService;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.ETagged;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.ETags;
import org.stockbridge.api.web.Idempotent;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.stockbridge.api.web.RequiresScope;

/**
 * Transfers and their workflow. Every step takes {@code If-Match} with the transfer's ETag (428 without it, 412 when
 * stale) and an {@code Idempotency-Key}, and returns the transfer with its new ETag; a step the transfer's state does
 * not allow is a 409 naming that state.
 */
@RestController
@RequestMapping("/api/v1/transfers")
@Tag(name = "Transfers", description = "Recommended -> approved (each jurisdiction concerned) -> dispatched -> received, "
        + "or cancelled before dispatch; dispatch and receipt write the ledger")
class TransferController {

    private final TransferRepository transfers;
    private final TransferService service;
    private final IdempotencyService idempotency;
    private final JsonMapper json;

    TransferController(TransferRepository transfers, TransferService service, IdempotencyService idempotency,
                       JsonMapper json) {
        this.transfers = transfers;
        this.service = service;
        this.idempotency = idempotency;
        this.json = json;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @Operation(operationId = "listTransfers",
            summary = "List transfers", description = "Filter by state and by a site code (origin or destination); "
            + "cursor pagination, oldest first. A partner sees the transfers touching its sites only.")
    Mono<Page<TransferView>> list(@RequestParam(required = false) String state,
                                  @RequestParam(required = false) String siteCode,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        Caller caller = Callers.caller(exchange);
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            TransferState filter = RequestParameters.optional("state", state, TransferState::parse);
            String site = RequestParameters.optionalText("siteCode", siteCode, 64);
            return transfers.list(filter, site, caller.siteFilter(), page)
                    .map(keyed -> new Keyed<>(keyed.keys(), TransferDisclosure.visibleTo(caller, keyed.value().view(),
                            keyed.value().fromSiteId(), keyed.value().toSiteId())))
                    .collectList()
                    .map(rows -> Page.of(rows, page));
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{id}")
    @ETagged
    @Operation(operationId = "getTransfer",
            summary = "Get one transfer with its history", description = "The ETag header holds its version.")
    Mono<ResponseEntity<TransferView>> get(@PathVariable long id, ServerWebExchange exchange) {
        return service.get(id, Callers.caller(exchange))
                .map(t -> ResponseEntity.ok().eTag(ETags.of(t.version())).body(t));
    }

    @RequiresScope(Caller.APPROVE)
    @Idempotent
    @PostMapping("/{id}/approvals")
    @ApiResponse(responseCode = "200", description = "The transfer after the step; its ETag is its new version",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @ETagged
    @Operation(operationId = "approveTransfer",
            summary = "Approve a transfer for the approver's jurisdiction (approve scope)",
            description = "The jurisdiction is the one of the caller's token. A cross-border transfer needs an approval "
                    + "from the U.S. and one from Canada, a domestic one its own; it becomes APPROVED when all are in. "
                    + "Partners, and managers of a jurisdiction the transfer does not need, are refused (403).")
    Mono<ResponseEntity<String>> approve(@PathVariable long id,
                                         @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                         @RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                         @RequestBody(required = false) TransferRequests.Approval body,
                                         ServerWebExchange exchange) {
        TransferRequests.Approval request = body == null ? new TransferRequests.Approval(null) : body;
        return step(id, "approvals", ifMatch, key, request, exchange, (version, caller, actor) ->
                () -> service.approve(id, version, caller, actor, request.note()));
    }

    @RequiresScope(Caller.WRITE)
    @Idempotent
    @PostMapping("/{id}/dispatch")
    @ApiResponse(responseCode = "200", description = "The transfer after the step; its ETag is its new version",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @ETagged
    @Operation(operationId = "dispatchTransfer",
            summary = "Dispatch an approved transfer",
            description = "Writes the TRANSFER_OUT movement of the named lot at the origin (all of the transfer, or "
                    + "quantity units) in the same transaction.")
    Mono<ResponseEntity<String>> dispatch(@PathVariable long id,
                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                          @RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                          @RequestBody(required = false) TransferRequests.Dispatch body,
                                          ServerWebExchange exchange) {
        TransferRequests.Dispatch request = body == null ? new TransferRequests.Dispatch(null, null) : body;
        return step(id, "dispatch", ifMatch, key, request, exchange, (version, caller, actor) ->
                () -> service.dispatch(id, version, caller, actor, request));
    }

    @RequiresScope(Caller.WRITE)
    @Idempotent
    @PostMapping("/{id}/receipt")
    @ApiResponse(responseCode = "200", description = "The transfer after the step; its ETag is its new version",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @ETagged
    @Operation(operationId = "receiveTransfer",
            summary = "Receive a dispatched transfer",
            description = "Writes the TRANSFER_IN movement of receivedQuantity at the destination; the rest of what "
                    + "was dispatched is recorded as lost in transit (lostQuantity, when given, must match).")
    Mono<ResponseEntity<String>> receive(@PathVariable long id,
                                         @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                         @RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                         @RequestBody(required = false) TransferRequests.Receipt body,
                                         ServerWebExchange exchange) {
        TransferRequests.Receipt request = body == null ? new TransferRequests.Receipt(null, null, null) : body;
        return step(id, "receipt", ifMatch, key, request, exchange, (version, caller, actor) ->
                () -> service.receive(id, version, caller, actor, request));
    }

    @RequiresScope({Caller.WRITE, Caller.APPROVE})
    @Idempotent
    @PostMapping("/{id}/cancellation")
    @ApiResponse(responseCode = "200", description = "The transfer after the step; its ETag is its new version",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @ETagged
    @Operation(operationId = "cancelTransfer",
            summary = "Cancel a transfer before dispatch (write or approve scope)")
    Mono<ResponseEntity<String>> cancel(@PathVariable long id,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                        @RequestBody(required = false) TransferRequests.Cancellation body,
                                        ServerWebExchange exchange) {
        TransferRequests.Cancellation request = body == null ? new TransferRequests.Cancellation(null) : body;
        return step(id, "cancellation", ifMatch, key, request, exchange, (version, caller, actor) ->
                () -> service.cancel(id, version, caller, actor, request));
    }

    private interface Step {
        Supplier<Mono<?>> effect(long expectedVersion, Caller caller, String actor);
    }

    private Mono<ResponseEntity<String>> step(long id, String name, String ifMatch, String key, Object request,
                                              ServerWebExchange exchange, Step step) {
        return Mono.defer(() -> {
            Caller caller = Callers.caller(exchange);
            String actor = Callers.actor(exchange);
            long version = ETags.required(ifMatch, "a transfer's " + name);
            String path = "/api/v1/transfers/" + id + "/" + name;
            return idempotency.execute(caller.client(), key, "POST", path, request, HttpStatus.OK,
                    step.effect(version, caller, actor)).map(this::withEtag);
        });
    }

    /** The stored response with the ETag of the transfer it holds (also on a replay). */
    private ResponseEntity<String> withEtag(ResponseEntity<String> response) {
        JsonNode body = json.readTree(response.getBody());
        JsonNode version = body.get("version");
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders());
        if (version != null && version.isNumber()) {
            builder.eTag(ETags.of(version.asLong()));
        }
        return builder.body(response.getBody());
    }
}
