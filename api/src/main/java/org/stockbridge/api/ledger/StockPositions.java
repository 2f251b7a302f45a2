package org.stockbridge.api.ledger;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stockbridge.api.ledger.LedgerRepository.ProductRef;
import org.stockbridge.api.site.SiteRef;
import org.stockbridge.api.site.Sites;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.domain.ledger.MovementDating;
import org.stockbridge.domain.ledger.ReasonCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reconciles a partner's counted stock positions at a site with the ledger: each (product, lot) whose count differs
 * from its balance gets one count-correction line (recording the prior on hand); a position that agrees writes
 * nothing. A complete upload also counts every lot it leaves out as zero. Runs in the caller's transaction: all of an
 * upload is applied, or none of it.
 */
@Service
public class StockPositions {

    public static final int MAX_POSITIONS = 5_000;

    private final LedgerRepository ledger;
    private final LedgerService service;
    private final Sites sites;

    StockPositions(LedgerRepository ledger, LedgerService service, Sites sites) {
        this.ledger = ledger;
        this.service = service;
        this.sites = sites;
    }

    /**
     * One counted position.
     *
     * @param expiry         the lot's labelled expiry, needed only when the lot is new to Stockbridge
     * @param extendedExpiry a SLEP extended expiry for a new lot
     */
    public record Position(@Schema(example = "PPE-n95") String product,
                           @Schema(example = "L261119-SNS-R02-12") String lot,
                           @Schema(example = "2029-07-23") LocalDate expiry,
                           LocalDate extendedExpiry,
                           @Schema(example = "480") Long counted) {
    }

    /**
     * An upload of counted positions.
     *
     * @param countedAt   when the count was taken (default now; not in the future)
     * @param complete    true when the upload lists every lot at the site: lots it leaves out are counted as zero
     * @param documentRef the partner's reference for the count (default: the upload's Idempotency-Key)
     */
    public record Upload(@Schema(example = "2026-12-06T07:00:00Z") OffsetDateTime countedAt,
                         @Schema(example = "false") Boolean complete,
                         @Schema(example = "COUNT-2026-12-06") String documentRef,
                         List<Position> positions) {
    }

    /** What an upload changed. */
    public record Reconciliation(String site, OffsetDateTime countedAt, int positions, int corrected, int unchanged,
                                 int zeroedUnlisted, List<MovementLine> lines) {
    }

    public Mono<Reconciliation> reconcile(String siteCode, Upload upload, Caller caller, String actor) {
        return Mono.defer(() -> {
            Validated valid = validate(upload, service.dating());
            return sites.changeable(caller, siteCode)
                    .flatMap(site -> (valid.countedAt() != null ? Mono.just(valid)
                            : ledger.now().map(valid::countedNow))
                            .flatMap(dated -> apply(site, dated, caller, actor)));
        }).onErrorMap(LedgerRefusals::translate);
    }

    private Mono<Reconciliation> apply(SiteRef site, Validated upload, Caller caller, String actor) {
        List<MovementLine> lines = new ArrayList<>();
        int[] unchanged = {0};
        Set<Long> listedLots = new HashSet<>();
        Mono<Void> listed = Flux.fromIterable(upload.positions()).index()
                .concatMap(indexed -> {
                    int i = indexed.getT1().intValue();
                    Position position = indexed.getT2();
                    String field = "positions[" + i + "]";
                    return ledger.product(position.product())
                            .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                                    "unknown-reference", "Unknown reference", "no product with code "
                                    + position.product(), Map.of("field", field + ".product"))))
                            .flatMap(product -> service.lot(site, product, position.lot(), position.expiry(),
                                            position.extendedExpiry(), field + ".", caller, actor)
                                    .flatMap(lot -> {
                                        listedLots.add(lot.lotId());
                                        return correct(site, product, lot.lotId(), lot.lotNumber(), position.counted(),
                                                upload, actor);
                                    }))
                            .doOnNext(line -> {
                                if (line.quantity() == 0) {
                                    unchanged[0]++;
                                } else {
                                    lines.add(line);
                                }
                            });
                })
                .then();
        int[] zeroed = {0};
        Mono<Void> unlisted = !upload.complete() ? Mono.empty() : ledger.lockSiteLotsAsOf(site.id(), upload.countedAt())
                .filter(lot -> lot.onHand() != 0 && !listedLots.contains(lot.lotId()))
                .concatMap(lot -> correct(site, new ProductRef(lot.productId(), lot.product()), lot.lotId(),
                        lot.lotNumber(), 0L, upload, actor))
                .doOnNext(line -> {
                    lines.add(line);
                    zeroed[0]++;
                })
                .then();
        return listed.then(unlisted).then(Mono.fromSupplier(() -> new Reconciliation(site.code(), upload.countedAt(),
                upload.positions().size(), lines.size() - zeroed[0], unchanged[0], zeroed[0], List.copyOf(lines))));
    }

    /**
     * The count of one lot, as {@link LedgerService#count} writes it (as of the upload's countedAt, later lines kept);
     * a position that agrees writes nothing.
     */
    private Mono<MovementLine> correct(SiteRef site, ProductRef product, long lotId, String lotNumber, long counted,
                                       Validated upload, String actor) {
        return service.count(site, product, lotId, lotNumber, counted, upload.countedAt(), ReasonCode.PHYSICAL_COUNT,
                false, actor, upload.documentRef());
    }

    private record Validated(OffsetDateTime countedAt, boolean complete, String documentRef, List<Position> positions) {

        /**
         * An upload without countedAt is counted at the database's now, one moment for the whole upload, so a line
         * dated a moment ahead (within the clock skew allowed) comes after it.
         */
        Validated countedNow(OffsetDateTime now) {
            return new Validated(now, complete, documentRef, positions);
        }
    }

    private static Validated validate(Upload upload, MovementDating dating) {
        if (upload == null || upload.positions() == null) {
            throw new InvalidRequestException("positions", "positions must list the counted stock");
        }
        if (upload.positions().size() > MAX_POSITIONS) {
            throw new InvalidRequestException("positions", "at most " + MAX_POSITIONS + " positions per upload");
        }
        if (upload.positions().isEmpty() && !Boolean.TRUE.equals(upload.complete())) {
            throw new InvalidRequestException("positions", "positions must hold at least one position "
                    + "(or the upload must be complete, counting every lot as zero)");
        }
        // no countedAt: counted at the database's now (Validated.countedNow)
        OffsetDateTime countedAt = upload.countedAt();
        String refusal = countedAt == null ? null : dating.refusal("countedAt", countedAt, java.time.Instant.now());
        if (refusal != null) {
            throw new InvalidRequestException("countedAt", refusal);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < upload.positions().size(); i++) {
            Position p = upload.positions().get(i);
            String field = "positions[" + i + "]";
            if (p == null) {
                throw new InvalidRequestException(field, field + " must not be null");
            }
            if (p.product() == null || p.product().isBlank()) {
                throw new InvalidRequestException(field + ".product", "product must not be blank");
            }
            if (p.lot() == null || p.lot().isBlank()) {
                throw new InvalidRequestException(field + ".lot", "lot must be a lot number");
            }
            MovementCommand.text(field + ".lot", p.lot());
            if (p.counted() == null || p.counted() < 0) {
                throw new InvalidRequestException(field + ".counted", "counted must be a whole number, zero or more");
            }
            MovementCommand.bounded(field + ".counted", p.counted());
            if (!seen.add(p.product().trim() + "\n" + p.lot().trim())) {
                throw new InvalidRequestException(field, "product " + p.product() + " lot " + p.lot()
                        + " is listed twice in one upload");
            }
        }
        List<Position> trimmed = upload.positions().stream().map(p -> new Position(p.product().trim(), p.lot().trim(),
                p.expiry(), p.extendedExpiry(), p.counted())).toList();
        return new Validated(countedAt, Boolean.TRUE.equals(upload.complete()),
                MovementCommand.text("documentRef", upload.documentRef()), trimmed);
    }
}
