package org.stockbridge.api.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.domain.ClientText;
import org.stockbridge.domain.ledger.MovementDating;
import org.stockbridge.domain.ledger.MovementType;
import org.stockbridge.domain.ledger.Quantities;
import org.stockbridge.domain.ledger.ReasonCode;

/** A movement request, validated: what the ledger service applies. */
record MovementCommand(String field, String site, String product, MovementType type, boolean count, long quantity,
                       long counted, MovementRequest.LotRequest lot, ReasonCode reason,
                       MovementType.Direction direction, OffsetDateTime occurredAt, String documentRef) {

    /** The longest free text (lot number, document reference) a line may carry. */
    static final int MAX_TEXT = 200;

    String typeName() {
        return count ? "COUNT" : type.name();
    }

    /** The day the line is judged on (issuability): its date's, or today's for a line the ledger dates. */
    LocalDate day() {
        return (occurredAt == null ? OffsetDateTime.now(ZoneOffset.UTC) : occurredAt)
                .withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    /** Issues and transfers out consume stock for use, so only issuable lots may be taken. */
    boolean consumes() {
        return type == MovementType.ISSUE || type == MovementType.TRANSFER_OUT;
    }

    static MovementCommand of(MovementRequest r, String documentRef, String field, MovementDating dating) {
        if (r == null) {
            throw new InvalidRequestException(field, field + " must not be null");
        }
        String site = required(field + ".site", r.site());
        String product = required(field + ".product", r.product());
        String typeText = required(field + ".type", r.type());
        boolean count = typeText.equalsIgnoreCase("COUNT");
        MovementType type = count ? MovementType.COUNT_CORRECTION
                : parse(field + ".type", () -> MovementType.parse(typeText));
        if (!count && (type == MovementType.REVERSAL || type == MovementType.COUNT_CORRECTION)) {
            throw new InvalidRequestException(field + ".type", type == MovementType.REVERSAL
                    ? "reversals are posted to /api/v1/movements/{id}/reversal"
                    : "post a COUNT with the counted quantity; the ledger writes the correction");
        }
        ReasonCode reason = r.reasonCode() == null || r.reasonCode().isBlank()
                ? parse(field + ".reasonCode", () -> ReasonCode.defaultFor(type))
                : parse(field + ".reasonCode", () -> ReasonCode.parse(r.reasonCode()));
        if (!reason.allowedFor(type)) {
            throw new InvalidRequestException(field + ".reasonCode",
                    "reasonCode " + reason + " is not allowed for " + (count ? "COUNT" : type.name()));
        }
        MovementType.Direction direction = type.direction() == MovementType.Direction.EITHER
                ? reason.direction() : type.direction();
        long quantity = 0;
        long counted = 0;
        if (count) {
            if (r.counted() == null || r.counted() < 0) {
                throw new InvalidRequestException(field + ".counted", "counted must be zero or more for a COUNT");
            }
            counted = bounded(field + ".counted", r.counted());
        } else {
            if (r.quantity() == null || r.quantity() <= 0) {
                throw new InvalidRequestException(field + ".quantity",
                        "quantity must be a positive whole number of units of issue");
            }
            quantity = bounded(field + ".quantity", r.quantity());
        }
        OffsetDateTime occurredAt = r.occurredAt();
        String refusal = occurredAt == null ? null
                : dating.refusal("occurredAt", occurredAt, Instant.now());
        if (refusal != null) {
            throw new InvalidRequestException(field + ".occurredAt", refusal);
        }
        String reference = r.documentRef() != null ? text(field + ".documentRef", r.documentRef()) : documentRef;
        if (r.lot() != null && r.lot().number() != null) {
            text(field + ".lot.number", r.lot().number());
        }
        return new MovementCommand(field, site, product, type, count, quantity, counted, r.lot(), reason, direction,
                occurredAt, reference);
    }

    /** The quantity of a line or a count, refused (400) above the ledger's bound ({@link Quantities}). */
    static long bounded(String field, long quantity) {
        String refusal = Quantities.lineRefusal(field, quantity);
        if (refusal != null) {
            throw new InvalidRequestException(field, refusal);
        }
        return quantity;
    }

    /** {@code value} if it may be an identifier ({@link ClientText}), else a refusal naming {@code field}. */
    static String text(String field, String value) {
        String refusal = ClientText.identifierRefusal(value, MAX_TEXT);
        if (refusal != null) {
            throw new InvalidRequestException(field, field + " " + refusal);
        }
        return value;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, field + " must not be blank");
        }
        return text(field, value.trim());
    }

    private static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, e.getMessage());
        }
    }
}
