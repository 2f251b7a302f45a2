package org.stockbridge.api.transfer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stockbridge.api.audit.AuditTrail;
import org.stockbridge.api.ledger.Ledger;
import org.stockbridge.api.ledger.MovementLine;
import org.stockbridge.api.ledger.MovementRequest;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.ETags;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.domain.ClientText;
import org.stockbridge.domain.Jurisdiction;
import reactor.core.publisher.Mono;

/**
 * The transfer workflow. Every step runs in the caller's transaction (the Idempotency-Key's): it locks the transfer,
 * checks who may act, the version the caller saw and the state, then writes the change, its history line, its ledger
 * movement where there is one, and its audit row, all or nothing.
 */
@Service
class TransferService {

    static final int MAX_TEXT = 500;

    private final TransferRepository transfers;
    private final Ledger ledger;
    private final AuditTrail audit;

    TransferService(TransferRepository transfers, Ledger ledger, AuditTrail audit) {
        this.transfers = transfers;
        this.ledger = ledger;
        this.audit = audit;
    }

    Mono<TransferView> get(long id, Caller caller) {
        return visible(transfers.find(id), id, caller)
                .flatMap(row -> transfers.history(id).collectList().map(events -> TransferDisclosure.visibleTo(caller,
                        row.view().withHistory(events), row.fromSiteId(), row.toSiteId())));
    }

    Mono<TransferView> approve(long id, long expectedVersion, Caller caller, String actor, String note) {
        String text = text("note", note);
        return visible(transfers.lock(id), id, caller).flatMap(row -> {
            TransferView before = row.view();
            String refused = TransferRules.approvalRefused(caller.partner(), caller.jurisdiction(),
                    before.approvalsRequired());
            if (refused != null) {
                return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", refused));
            }
            ETags.check(expectedVersion, before.version(), "transfer " + id);
            requireState(row, TransferState.RECOMMENDED, "approved");
            List<String> given = before.approvals().stream().map(TransferView.Approval::jurisdiction).toList();
            Jurisdiction jurisdiction = caller.jurisdiction();
            if (TransferRules.alreadyApproved(jurisdiction, given)) {
                return Mono.error(new ApiException(HttpStatus.CONFLICT, "already-approved", "Already approved",
                        "transfer " + id + " already has the approval of " + jurisdiction,
                        Map.of("jurisdiction", jurisdiction.name(), "state", before.state())));
            }
            List<String> after = new java.util.ArrayList<>(given);
            after.add(jurisdiction.name());
            TransferState next = TransferRules.afterApproval(before.approvalsRequired(), after);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("jurisdiction", jurisdiction.name());
            if (text != null) {
                details.put("note", text);
            }
            return transfers.approve(id, jurisdiction.name(), actor)
                    .then(transfers.changeState(id, next))
                    .then(transfers.event(id, next == TransferState.APPROVED ? "APPROVED" : "APPROVAL", actor,
                            row.state(), next, details))
                    .then(finish(id, caller, before, "transfer " + id + " approved for " + jurisdiction
                            + (next == TransferState.APPROVED ? "; all approvals in" : "")));
        });
    }

    Mono<TransferView> dispatch(long id, long expectedVersion, Caller caller, String actor, TransferRequests.Dispatch body) {
        String note = body == null ? null : text("note", body.note());
        return visible(transfers.lock(id), id, caller).flatMap(row -> {
            TransferView before = row.view();
            mayActAt(caller, row.fromSiteId(), before.from(), "dispatch from");
            ETags.check(expectedVersion, before.version(), "transfer " + id);
            requireState(row, TransferState.DISPATCHED, "dispatched");
            long quantity = body == null || body.quantity() == null ? before.quantity() : body.quantity();
            if (quantity <= 0 || quantity > before.quantity()) {
                throw new InvalidRequestException("quantity", "quantity must be between 1 and the " + before.quantity()
                        + " units of the transfer");
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            MovementRequest out = new MovementRequest(before.from().code(), before.product().code(), "TRANSFER_OUT",
                    quantity, null, new MovementRequest.LotRequest(before.lot().lotNumber(), null, null), "TRANSFER",
                    now, "transfer/" + id);
            return ledger.post(out, caller, actor, "dispatch").flatMap(lines -> {
                MovementLine line = lines.get(0);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("quantity", quantity);
                details.put("movementId", line.id());
                if (note != null) {
                    details.put("note", note);
                }
                return transfers.dispatched(id, now, quantity, line.id())
                        .then(transfers.event(id, "DISPATCHED", actor, row.state(), TransferState.DISPATCHED, details))
                        .then(finish(id, caller, before, "transfer " + id + " dispatched: " + quantity + " of lot "
                                + before.lot().lotNumber() + " from " + before.from().code()));
            });
        });
    }

    Mono<TransferView> receive(long id, long expectedVersion, Caller caller, String actor, TransferRequests.Receipt body) {
        if (body == null || body.receivedQuantity() == null) {
            return Mono.error(new InvalidRequestException("receivedQuantity",
                    "receivedQuantity must be given: the units that arrived, zero or more"));
        }
        String note = text("note", body.note());
        return visible(transfers.lock(id), id, caller).flatMap(row -> {
            TransferView before = row.view();
            mayActAt(caller, row.toSiteId(), before.to(), "receive at");
            ETags.check(expectedVersion, before.version(), "transfer " + id);
            requireState(row, TransferState.RECEIVED, "received");
            long dispatched = before.dispatch().quantity();
            long received = body.receivedQuantity();
            long lost;
            try {
                lost = TransferRules.lost(dispatched, received, body.lostQuantity());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(received < 0 || received > dispatched ? "receivedQuantity"
                        : "lostQuantity", e.getMessage());
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Mono<Long> movement = received == 0 ? Mono.just(0L)
                    : ledger.post(new MovementRequest(before.to().code(), before.product().code(), "TRANSFER_IN",
                                    received, null, new MovementRequest.LotRequest(before.lot().lotNumber(), null, null),
                                    "TRANSFER", now, "transfer/" + id), caller, actor, "receipt")
                            .map(lines -> lines.get(0).id());
            return movement.flatMap(movementId -> {
                Long written = received == 0 ? null : movementId;
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("receivedQuantity", received);
                details.put("lostQuantity", lost);
                if (written != null) {
                    details.put("movementId", written);
                }
                if (note != null) {
                    details.put("note", note);
                }
                return transfers.received(id, now, received, lost, written, note)
                        .then(transfers.event(id, "RECEIVED", actor, row.state(), TransferState.RECEIVED, details))
                        .then(finish(id, caller, before, "transfer " + id + " received at " + before.to().code() + ": "
                                + received + " arrived" + (lost > 0 ? ", " + lost + " lost in transit" : "")));
            });
        });
    }

    Mono<TransferView> cancel(long id, long expectedVersion, Caller caller, String actor,
                              TransferRequests.Cancellation body) {
        String reason = body == null ? null : text("reason", body.reason());
        if (reason == null || reason.isBlank()) {
            return Mono.error(new InvalidRequestException("reason", "reason must say why the transfer is cancelled"));
        }
        return visible(transfers.lock(id), id, caller).flatMap(row -> {
            TransferView before = row.view();
            String refused = TransferRules.cancellationRefused(caller.partner(), caller.jurisdiction(),
                    Jurisdiction.valueOf(before.from().jurisdiction()),
                    Jurisdiction.valueOf(before.to().jurisdiction()));
            if (refused != null) {
                throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", refused);
            }
            ETags.check(expectedVersion, before.version(), "transfer " + id);
            requireState(row, TransferState.CANCELLED, "cancelled");
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            return transfers.cancelled(id, now, actor, reason.trim())
                    .then(transfers.event(id, "CANCELLED", actor, row.state(), TransferState.CANCELLED,
                            Map.of("reason", reason.trim())))
                    .then(finish(id, caller, before, "transfer " + id + " cancelled"));
        });
    }

    /**
     * The transfer after a change, audited with its before and after, and answered with its history as a read of it
     * is, as the caller may see it (the audit row keeps the whole transfer, without the history: it has its own
     * table).
     */
    private Mono<TransferView> finish(long id, Caller caller, TransferView before, String summary) {
        return transfers.find(id).flatMap(row -> audit.applied(200, summary, before, row.view())
                .then(transfers.history(id).collectList())
                .map(events -> TransferDisclosure.visibleTo(caller, row.view().withHistory(events), row.fromSiteId(),
                        row.toSiteId())));
    }

    /** The transfer, or 404 when there is none or it touches none of a partner's sites. */
    private static Mono<TransferRepository.Row> visible(Mono<TransferRepository.Row> found, long id, Caller caller) {
        return found.filter(row -> caller.sees(row.fromSiteId()) || caller.sees(row.toSiteId()))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no transfer with id " + id)));
    }

    /** Dispatch is done at the origin, receipt at the destination: by someone who may change stock there. */
    private static void mayActAt(Caller caller, long siteId, TransferView.Place site, String what) {
        Jurisdiction jurisdiction = Jurisdiction.valueOf(site.jurisdiction());
        if (!caller.sees(siteId) || !caller.actsIn(jurisdiction)) {
            String named = caller.sees(siteId) ? site.code() : TransferDisclosure.ANOTHER_SITE;
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", caller.client()
                    + " may not " + what + " " + named + " (" + jurisdiction + ")");
        }
    }

    /** 409 naming the current state when the transfer cannot take the step. */
    private static void requireState(TransferRepository.Row row, TransferState target, String verb) {
        TransferState current = row.state();
        boolean allowed = target == TransferState.RECOMMENDED ? current == TransferState.RECOMMENDED
                : current.mayBecome(target);
        if (!allowed) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid-transfer-state", "Invalid state change",
                    "transfer " + row.view().id() + " is " + current + "; it cannot be " + verb,
                    Map.of("state", current.name()));
        }
    }

    private static String text(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw new InvalidRequestException(field, field + " must be at most " + MAX_TEXT + " characters");
        }
        String refusal = ClientText.freeTextRefusal(value);
        if (refusal != null) {
            throw new InvalidRequestException(field, field + " " + refusal);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
