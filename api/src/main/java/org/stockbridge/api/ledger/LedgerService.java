package org.stockbridge.api.ledger;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stockbridge.api.ledger.LedgerRepository.Posted;
import org.stockbridge.api.ledger.LedgerRepository.ProductRef;
import org.stockbridge.api.site.SiteRef;
import org.stockbridge.api.site.Sites;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.domain.ledger.FefoAllocator;
import org.stockbridge.domain.ledger.LotAttributes;
import org.stockbridge.domain.ledger.LotStock;
import org.stockbridge.domain.ledger.MovementDating;
import org.stockbridge.domain.ledger.MovementType;
import org.stockbridge.domain.ledger.ReasonCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies movements to the ledger. Runs inside the caller's transaction: every line of one request is written, or
 * none. Balances move only through {@code post_movement}, whose conditional update refuses to go below zero.
 */
@Service
class LedgerService {

    private static final Logger log = LoggerFactory.getLogger(LedgerService.class);

    private final LedgerRepository ledger;
    private final Sites sites;
    private final MovementDating dating;

    LedgerService(LedgerRepository ledger, Sites sites, MovementDating dating) {
        this.ledger = ledger;
        this.sites = sites;
        this.dating = dating;
    }

    /** The rule by which the lines posted through the API are dated. */
    MovementDating dating() {
        return dating;
    }

    Mono<List<MovementLine>> apply(MovementRequest request, Caller caller, String actor, String documentRef,
                                   String field) {
        return Mono.defer(() -> {
            MovementCommand command = MovementCommand.of(request, documentRef, field, dating);
            return resolve(command, caller, field).flatMap(refs -> write(command, refs.site(), refs.product(), caller,
                    actor));
        }).onErrorMap(LedgerRefusals::translate);
    }

    Mono<List<MovementLine>> applyAll(List<MovementRequest> requests, Caller caller, String actor,
                                      String documentRef) {
        if (requests == null || requests.isEmpty()) {
            return Mono.error(new InvalidRequestException("lines", "lines must hold at least one movement"));
        }
        if (requests.size() > 1000) {
            return Mono.error(new InvalidRequestException("lines", "lines must hold at most 1000 movements"));
        }
        List<MovementLine> written = new ArrayList<>();
        Mono<Void> chain = Mono.empty();
        for (int i = 0; i < requests.size(); i++) {
            MovementRequest line = requests.get(i);
            String field = "lines[" + i + "]";
            chain = chain.then(apply(line, caller, actor, documentRef, field).doOnNext(written::addAll).then());
        }
        return chain.then(Mono.fromSupplier(() -> List.copyOf(written)));
    }

    Mono<List<MovementLine>> reverse(long movementId, ReversalRequest request, Caller caller, String actor) {
        String documentRef = request == null ? null : MovementCommand.text("documentRef", request.documentRef());
        return ledger.movement(movementId)
                .filter(original -> caller.sees(original.siteId()))
                .switchIfEmpty(Mono.error(() -> new org.stockbridge.api.web.NotFoundException(
                        "no movement with id " + movementId)))
                .flatMap(original -> {
                    if (!caller.actsIn(original.jurisdiction())) {
                        return Mono.error(Callers.otherJurisdiction(original.site(), original.jurisdiction(), caller));
                    }
                    if (original.type().equals(MovementType.REVERSAL.name())) {
                        return Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "reversal-not-allowed",
                                "Reversal not allowed", "movement " + movementId + " is a reversal; it cannot be reversed"));
                    }
                    if (original.quantity() == 0) {
                        return Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "reversal-not-allowed",
                                "Reversal not allowed", "movement " + movementId + " moved no stock; there is nothing to reverse"));
                    }
                    if (original.reversedBy() != null) {
                        return Mono.error(alreadyReversed(movementId, original.reversedBy()));
                    }
                    return ledger.post(original.siteId(), original.productId(), original.lotId(),
                                    MovementType.REVERSAL.name(), -original.quantity(), ReasonCode.REVERSAL.name(), null,
                                    actor, documentRef, null, original.id())
                            .map(posted -> List.of(line(posted, original.site(), original.product(),
                                    original.lotNumber(), MovementType.REVERSAL.name(), -original.quantity(),
                                    ReasonCode.REVERSAL.name(), actor, documentRef, null, original.id())));
                })
                .onErrorMap(e -> {
                    if (LedgerRefusals.isUniqueViolation(e)) {
                        return alreadyReversed(movementId, null);
                    }
                    return LedgerRefusals.translate(e);
                });
    }

    /** The site and product of a line; a site the caller may not see is as unknown as one that does not exist. */
    private Mono<Refs> resolve(MovementCommand command, Caller caller, String field) {
        return Mono.zip(
                sites.changeable(caller, command.site(), () -> unknown(field, "site", command.site())),
                ledger.product(command.product())
                        .switchIfEmpty(Mono.error(() -> unknown(field, "product", command.product()))),
                Refs::new);
    }

    private Mono<List<MovementLine>> write(MovementCommand command, SiteRef site, ProductRef product, Caller caller,
                                           String actor) {
        if (command.count()) {
            return requireLot(command, product).flatMap(lot -> count(site, product, lot.lotId(), lot.lotNumber(),
                    command.counted(), command.occurredAt(), command.reason(), true, actor, command.documentRef())
                    .map(List::of));
        }
        if (command.direction() == MovementType.Direction.CREDIT) {
            return creditLot(command, site, product, caller, actor).flatMap(lot -> post(command, site, product, lot,
                    command.quantity(), null, actor));
        }
        long debit = -command.quantity();
        if (command.lot() != null) {
            return requireLot(command, product).flatMap(lot -> {
                if (command.consumes() && !lot.issuable(site.context(), command.day())) {
                    return Mono.error(new ApiException(HttpStatus.CONFLICT, "lot-not-issuable", "Lot may not be issued",
                            "lot " + lot.lotNumber() + " is " + lot.status() + " with expiry "
                                    + lot.effectiveExpiry(site.context()) + "; it cannot be issued on " + command.day(),
                            Map.of("lot", lot.lotNumber(), "lotStatus", lot.status().name())));
                }
                return post(command, site, product, lot, debit, null, actor);
            });
        }
        return ledger.lockLotsWithStock(site.id(), product.id()).collectList().flatMap(lots -> {
            FefoAllocator.Allocation allocation =
                    FefoAllocator.allocate(lots, site.context(), command.day(), command.quantity());
            if (!allocation.covered()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("site", site.code());
                details.put("product", product.code());
                details.put("available", allocation.issuable());
                details.put("requested", command.quantity());
                details.put("missing", allocation.shortfall());
                return Mono.error(new ApiException(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock",
                        "only " + allocation.issuable() + " of " + command.quantity() + " can be issued from "
                                + site.code() + ": " + allocation.shortfall() + " missing across the issuable lots",
                        details));
            }
            return Flux.fromIterable(allocation.lines())
                    .concatMap(l -> post(command, site, product, l.lot(), -l.quantity(), null, actor))
                    .collectList()
                    .map(lists -> lists.stream().flatMap(List::stream).toList());
        });
    }

    private Mono<LotStock> creditLot(MovementCommand command, SiteRef site, ProductRef product, Caller caller, String actor) {
        MovementRequest.LotRequest lot = command.lot();
        if (lot == null || lot.number() == null || lot.number().isBlank()) {
            return Mono.error(new InvalidRequestException(command.field() + ".lot.number",
                    "lot.number must be given for " + command.type()));
        }
        return lot(site, product, lot.number().trim(), lot.expiry(), lot.extendedExpiry(), command.field() + ".lot.",
                caller, actor);
    }

    /**
     * The lot a receipt or a count names, as stored; created when new (it then needs its expiry). What the writer
     * names of it must agree with the stored lot (409 otherwise, saying whose record it contradicts when the caller
     * may see the site it was recorded at, and nothing of another tenant otherwise), and only a U.S. federal site may
     * name a SLEP extended expiry (400).
     */
    Mono<LotStock> lot(SiteRef site, ProductRef product, String number, LocalDate expiry,
                       LocalDate extendedExpiry, String fieldPrefix, Caller caller, String actor) {
        String slep = LotAttributes.slepRefusal(site.context(), extendedExpiry);
        if (slep != null) {
            return Mono.error(new InvalidRequestException(fieldPrefix + "extendedExpiry", slep + "; " + site.code()
                    + " is " + (site.context().jurisdiction() == org.stockbridge.domain.Jurisdiction.US
                    ? "not a federal site" : "a Canadian site")));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String late = LotAttributes.expiryRefusal(fieldPrefix + "expiry", expiry, today);
        if (late != null) {
            return Mono.error(new InvalidRequestException(fieldPrefix + "expiry", late));
        }
        late = LotAttributes.expiryRefusal(fieldPrefix + "extendedExpiry", extendedExpiry, today);
        if (late != null) {
            return Mono.error(new InvalidRequestException(fieldPrefix + "extendedExpiry", late));
        }
        return ledger.lot(product.id(), number).switchIfEmpty(Mono.defer(() -> {
            if (expiry == null) {
                return Mono.error(new InvalidRequestException(fieldPrefix + "expiry",
                        "lot " + number + " of " + product.code() + " is new: " + fieldPrefix + "expiry must be given "
                                + "to create it"));
            }
            if (extendedExpiry != null && !extendedExpiry.isAfter(expiry)) {
                return Mono.error(new InvalidRequestException(fieldPrefix + "extendedExpiry",
                        fieldPrefix + "extendedExpiry must be after " + fieldPrefix + "expiry"));
            }
            return ledger.createLot(product.id(), number, expiry, extendedExpiry, actor, site.id(), caller.partner());
        })).flatMap(existing -> caller.partner()
                ? agreeing(existing, number, expiry, extendedExpiry, caller)
                : ledger.datesFromPartner(existing.lotId()).flatMap(fromPartner -> LotAttributes
                        .replacesPartnerDates(fromPartner, caller.partner())
                        ? takeOverPartnerDates(existing, product, number, expiry, extendedExpiry, fieldPrefix, caller,
                                actor)
                        : agreeing(existing, number, expiry, extendedExpiry, caller)));
    }

    /**
     * An agency writing a lot whose dates a partner system set (ADR 0021): it must name the expiry (400 otherwise: a
     * partner's dates never bind an agency's stock unseen), and the dates it names become the lot's, the same or
     * other, and bind everyone from then on. The lot is compared again as stored after (another agency may have
     * taken it over first).
     */
    private Mono<LotStock> takeOverPartnerDates(LotStock existing, ProductRef product, String number,
                                                LocalDate expiry, LocalDate extendedExpiry, String fieldPrefix,
                                                Caller caller, String actor) {
        if (expiry == null) {
            return Mono.error(new InvalidRequestException(fieldPrefix + "expiry", "lot " + number + " of "
                    + product.code() + " has dates a partner system recorded: " + fieldPrefix + "expiry must be "
                    + "given to confirm or correct them"));
        }
        LocalDate kept = extendedExpiry != null ? extendedExpiry : existing.extendedExpiry();
        if (extendedExpiry != null && !extendedExpiry.isAfter(expiry)) {
            return Mono.error(new InvalidRequestException(fieldPrefix + "extendedExpiry",
                    fieldPrefix + "extendedExpiry must be after " + fieldPrefix + "expiry"));
        }
        return ledger.replacePartnerDates(product.id(), number, existing.lotId(), expiry, kept != null
                        && kept.isAfter(expiry) ? kept : null)
                .doOnNext(replaced -> log.info("lot {} of {}: the dates a partner system recorded ({}) taken over by "
                        + "{} ({})", number, product.code(), existing.labelledExpiry(), actor, expiry))
                .flatMap(stored -> agreeing(stored, number, expiry, extendedExpiry, caller));
    }

    /** The lot when what the writer names agrees with it as stored, else 409 lot-mismatch. */
    private Mono<LotStock> agreeing(LotStock existing, String number, LocalDate expiry, LocalDate extendedExpiry,
                                    Caller caller) {
        String mismatch = LotAttributes.mismatch(existing, expiry, extendedExpiry);
        if (mismatch == null) {
            return Mono.just(existing);
        }
        return ledger.lotOrigin(existing.lotId()).filter(origin -> caller.sees(origin.siteId()))
                .map(origin -> " (recorded by " + origin.createdBy() + " at " + origin.siteCode() + ")")
                .defaultIfEmpty("")
                .flatMap(origin -> Mono.error(new ApiException(HttpStatus.CONFLICT, "lot-mismatch",
                        "Lot does not match", mismatch + origin + "; a lot's dates are set when it is first "
                        + "recorded (an agency's replace a partner system's), and a receipt or count must name the "
                        + "same dates or none", Map.of("lot", number, "expiry",
                        existing.labelledExpiry().toString()))));
    }

    /**
     * Writes the count of a lot at a site: the correction that makes its stock as of {@code countedAt} what was
     * counted, dated {@code countedAt} and recording the stock it found then as the prior on hand ({@code countedAt}
     * null: the database's now once the lot is locked). Lines dated after the count are kept on top of it; one that the count leaves without stock makes the database refuse the count
     * (409). The lot is locked first, so counts and other lines of it are written one after the other, new lots
     * included. A count that agrees writes a zero line when {@code recordAgreement}, nothing (a line with id 0)
     * otherwise.
     */
    Mono<MovementLine> count(SiteRef site, ProductRef product, long lotId, String lotNumber, long counted,
                             OffsetDateTime countedAt, ReasonCode reasonCode, boolean recordAgreement, String actor,
                             String documentRef) {
        String reason = reasonCode.name();
        String type = MovementType.COUNT_CORRECTION.name();
        // an undated count is taken at the database's now, read once the lot is locked: lines dated a moment ahead
        // (within the clock skew allowed) come after it, and none of its lot can be written in between
        Mono<OffsetDateTime> at = countedAt != null ? Mono.just(countedAt) : ledger.now();
        return ledger.lockBalance(site.id(), product.id(), lotId).then(at).flatMap(when -> ledger.stockAsOf(site.id(),
                        product.id(), lotId, when).flatMap(prior -> count(site, product, lotId, lotNumber, counted,
                        when, reason, type, recordAgreement, actor, documentRef, prior)));
    }

    /** The count's line, given the stock {@code prior} the lot held at {@code countedAt}. */
    private Mono<MovementLine> count(SiteRef site, ProductRef product, long lotId, String lotNumber, long counted,
                                     OffsetDateTime countedAt, String reason, String type, boolean recordAgreement,
                                     String actor, String documentRef, long prior) {
        if (prior < 0) {
            return Mono.error(new ApiException(HttpStatus.CONFLICT, "history-below-zero", "History below zero",
                    "the recorded stock of lot " + lotNumber + " at " + site.code() + " as of " + countedAt + " is "
                            + prior + "; a count cannot be placed there"));
        }
        long difference = counted - prior;
        if (difference == 0 && !recordAgreement) {
            return Mono.just(new MovementLine(0, site.code(), product.code(), lotNumber, type, 0, reason, countedAt,
                    null, actor, documentRef, prior, null, prior, 0));
        }
        return ledger.post(site.id(), product.id(), lotId, type, difference, reason, countedAt, actor, documentRef,
                        prior, null)
                .map(posted -> line(posted, site.code(), product.code(), lotNumber, type, difference, reason, actor,
                        documentRef, prior, null));
    }

    private Mono<LotStock> requireLot(MovementCommand command, ProductRef product) {
        MovementRequest.LotRequest lot = command.lot();
        if (lot == null || lot.number() == null || lot.number().isBlank()) {
            return Mono.error(new InvalidRequestException(command.field() + ".lot.number",
                    "lot.number must be given for " + command.typeName()));
        }
        return ledger.lot(product.id(), lot.number()).switchIfEmpty(Mono.error(() -> new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, "unknown-reference", "Unknown reference",
                "product " + product.code() + " has no lot " + lot.number(), Map.of("field", command.field() + ".lot.number"))));
    }

    private Mono<List<MovementLine>> post(MovementCommand command, SiteRef site, ProductRef product, LotStock lot, long quantity,
                                          Long prior, String actor) {
        String type = command.count() ? MovementType.COUNT_CORRECTION.name() : command.type().name();
        return ledger.post(site.id(), product.id(), lot.lotId(), type, quantity, command.reason().name(),
                        command.occurredAt(), actor, command.documentRef(), prior, null)
                .map(posted -> List.of(line(posted, site.code(), product.code(), lot.lotNumber(), type, quantity,
                        command.reason().name(), actor, command.documentRef(), prior, null)));
    }

    /** The line as written, dated as the ledger dated it (a line posted without a date is dated when written). */
    private static MovementLine line(Posted posted, String site, String product, String lot, String type, long quantity,
                                     String reason, String actor, String documentRef, Long prior, Long reverses) {
        return new MovementLine(posted.id(), site, product, lot, type, quantity, reason, posted.occurredAt(),
                posted.recordedAt(), actor, documentRef, prior, reverses, posted.onHand(), posted.version());
    }

    private static ApiException unknown(String field, String what, String code) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-reference", "Unknown reference",
                "no " + what + " with code " + code, Map.of("field", field + "." + what));
    }

    private static ApiException alreadyReversed(long id, Long by) {
        return new ApiException(HttpStatus.CONFLICT, "already-reversed", "Already reversed",
                "movement " + id + " has already been reversed" + (by == null ? "" : " by movement " + by));
    }

    private record Refs(SiteRef site, ProductRef product) {
    }
}
