package org.stockbridge.api.alert;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.ETagged;
import org.stockbridge.api.web.ETags;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Mono;

/**
 * Subscriptions of the caller: its client, or the person its {@code X-Actor} header names. Reads carry the version as
 * an ETag; a replacement needs {@code If-Match}.
 */
@RestController
@RequestMapping("/api/v1/subscriptions")
@Tag(name = "Subscriptions", description = "What a client or person is alerted about, and where webhooks go")
class SubscriptionController {

    private static final String UNPROCESSABLE = "#/components/responses/UnprocessableContent";

    private final SubscriptionService subscriptions;
    private final DeliveryRepository deliveries;

    SubscriptionController(SubscriptionService subscriptions, DeliveryRepository deliveries) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @Operation(operationId = "listSubscriptions", summary = "The caller's subscriptions",
            description = "The subscriptions of the token's client, or of the person X-Actor names.")
    Mono<List<SubscriptionView>> list(ServerWebExchange exchange) {
        return subscriptions.list(Callers.actor(exchange)).collectList();
    }

    @RequiresScope(Caller.READ)
    @PostMapping
    @ETagged
    @ApiResponse(responseCode = "201", description = "The subscription, with webhookSecret when it has a webhook",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @ApiResponse(responseCode = "422", ref = UNPROCESSABLE)
    @Operation(operationId = "createSubscription", summary = "Subscribe to alerts, optionally by webhook",
            description = "Codes must name what exists and what the token may see (422 unknown-reference); a webhook "
                    + "URL must be https to a public address (422 webhook-target-refused). threshold, horizonDays and "
                    + "withinDays are required by the events that use them and refused otherwise (400); the events on "
                    + "forecasts need the forecast scope (403). With a webhook URL the answer holds webhookSecret, "
                    + "shown this once.")
    Mono<ResponseEntity<SubscriptionView>> create(@RequestBody SubscriptionRequest request,
                                                  ServerWebExchange exchange) {
        return subscriptions.create(Callers.caller(exchange), Callers.actor(exchange), request)
                .map(created -> ResponseEntity.status(HttpStatus.CREATED).eTag(ETags.of(created.version()))
                        .header(HttpHeaders.LOCATION, "/api/v1/subscriptions/" + created.id()).body(created));
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{id}")
    @ETagged
    @Operation(operationId = "getSubscription", summary = "One of the caller's subscriptions",
            description = "The ETag header holds its version.")
    Mono<ResponseEntity<SubscriptionView>> get(@PathVariable long id, ServerWebExchange exchange) {
        return subscriptions.get(Callers.actor(exchange), id)
                .map(found -> ResponseEntity.ok().eTag(ETags.of(found.version())).body(found));
    }

    @RequiresScope(Caller.READ)
    @PutMapping("/{id}")
    @ETagged
    @ApiResponse(responseCode = "200", description = "The subscription as replaced",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @ApiResponse(responseCode = "422", ref = UNPROCESSABLE)
    @Operation(operationId = "updateSubscription", summary = "Replace what a subscription watches",
            description = "Requires If-Match with its ETag: 428 without it, 412 when stale. Giving a webhook URL to a "
                    + "subscription without one issues its secret in this answer.")
    Mono<ResponseEntity<SubscriptionView>> replace(@PathVariable long id,
                                                   @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                                   String ifMatch,
                                                   @RequestBody SubscriptionRequest request,
                                                   ServerWebExchange exchange) {
        return subscriptions.replace(Callers.caller(exchange), Callers.actor(exchange), id, ifMatch, request)
                .map(changed -> ResponseEntity.ok().eTag(ETags.of(changed.version())).body(changed));
    }

    @RequiresScope(Caller.READ)
    @DeleteMapping("/{id}")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @Operation(operationId = "deleteSubscription", summary = "Delete a subscription, its alerts and its deliveries")
    Mono<ResponseEntity<Void>> delete(@PathVariable long id, ServerWebExchange exchange) {
        return subscriptions.delete(Callers.actor(exchange), id).thenReturn(ResponseEntity.noContent().build());
    }

    @RequiresScope(Caller.READ)
    @PostMapping("/{id}/secret-rotation")
    @ApiResponse(responseCode = "200", description = "The subscription with its new webhookSecret",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Operation(operationId = "createSubscriptionSecret", summary = "Issue a new webhook secret",
            description = "The answer holds the new webhookSecret, shown this once. Webhooks carry a signature with "
                    + "each secret in force: the replaced one keeps signing for stockbridge.webhooks.secret-grace.")
    Mono<SubscriptionView> rotate(@PathVariable long id, ServerWebExchange exchange) {
        return subscriptions.rotateSecret(Callers.actor(exchange), id);
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{id}/deliveries")
    @Operation(operationId = "listSubscriptionDeliveries", summary = "The delivery log of a subscription's webhooks",
            description = "Messages newest first, each with its attempts (status or error, a short excerpt of the "
                    + "answer). Cursor pagination.")
    Mono<Page<DeliveryView>> deliveries(@PathVariable long id, @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            return subscriptions.get(Callers.actor(exchange), id)
                    .flatMap(found -> deliveries.log(id, page).collectList().map(rows -> Page.of(rows, page)));
        });
    }

    @RequiresScope(Caller.READ)
    @PostMapping("/{id}/deliveries/{delivery}/redelivery")
    @ApiResponse(responseCode = "202", description = "The message is due now")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Operation(operationId = "submitWebhookRedelivery", summary = "Send a webhook message again",
            description = "Makes the message due now with a fresh count of attempts; it keeps its webhook-id, so a "
                    + "receiver that already applied it recognises it. 409 delivery-in-flight while an attempt of it is "
                    + "being made.")
    Mono<ResponseEntity<Void>> redeliver(@PathVariable long id, @PathVariable long delivery,
                                         ServerWebExchange exchange) {
        return subscriptions.get(Callers.actor(exchange), id)
                .flatMap(found -> deliveries.redeliver(id, delivery))
                .flatMap(changed -> changed > 0 ? Mono.just(ResponseEntity.accepted().<Void>build())
                        : deliveries.exists(id, delivery).flatMap(exists -> Mono.error(exists
                        ? new ApiException(HttpStatus.CONFLICT, "delivery-in-flight", "Delivery in flight",
                        "delivery " + delivery + " is being attempted now; redeliver it once that attempt is recorded")
                        : new NotFoundException("no delivery " + delivery + " of subscription " + id))));
    }
}
