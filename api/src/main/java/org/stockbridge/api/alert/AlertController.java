package org.stockbridge.api.alert;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Mono;

/** The caller's alerts (its client's, or the person's its {@code X-Actor} names), newest first, and reading them. */
@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "Alerts", description = "What the caller's subscriptions raised and cleared, with the evidence")
class AlertController {

    private final AlertRepository alerts;

    AlertController(AlertRepository alerts) {
        this.alerts = alerts;
    }

    @RequiresScope(Caller.READ)
    @GetMapping
    @Operation(operationId = "listAlerts", summary = "The caller's alerts, newest first, with the unread count",
            description = "unread=true lists only unread alerts. unreadCount counts all of the caller's unread "
                    + "alerts. Cursor pagination.")
    Mono<AlertPage> list(@RequestParam(required = false) Boolean unread, @RequestParam(required = false) String cursor,
                         @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            String owner = Callers.actor(exchange);
            return alerts.list(owner, Boolean.TRUE.equals(unread), page).collectList()
                    .map(rows -> Page.of(rows, page))
                    .zipWith(alerts.unreadCount(owner),
                            (found, count) -> new AlertPage(found.items(), found.nextCursor(), found.limit(), count));
        });
    }

    @RequiresScope(Caller.READ)
    @PostMapping("/{id}/read")
    @ApiResponse(responseCode = "204", description = "Read")
    @Operation(operationId = "setAlertRead", summary = "Mark one of the caller's alerts read")
    Mono<ResponseEntity<Void>> read(@PathVariable long id, ServerWebExchange exchange) {
        return alerts.markRead(Callers.actor(exchange), id).flatMap(changed -> changed == 0
                ? Mono.error(new NotFoundException("no alert " + id))
                : Mono.just(ResponseEntity.noContent().<Void>build()));
    }
}
