package org.stockbridge.api.ledger;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One movement as a client posts it.
 *
 * @param site        site code
 * @param product     product code
 * @param type        RECEIPT, ISSUE, ADJUSTMENT, TRANSFER_OUT, TRANSFER_IN, WRITE_OFF or COUNT
 * @param quantity    units of issue, a positive whole number (the type and reason give the direction); not for COUNT
 * @param counted     for COUNT: the quantity physically counted (zero or more)
 * @param lot         the lot; required except for ISSUE and TRANSFER_OUT, which take lots first-expiry-first-out
 *                    when it is absent; a receipt may create the lot by giving its expiry
 * @param reasonCode  why; required for ADJUSTMENT and WRITE_OFF
 * @param occurredAt  when it happened (default: now); never in the future
 * @param documentRef the client's document reference (delivery note, order, count sheet)
 */
public record MovementRequest(@Schema(example = "SNS-R02") String site,
                              @Schema(example = "PPE-n95") String product,
                              @Schema(example = "RECEIPT") String type,
                              @Schema(example = "5000") Long quantity,
                              Long counted,
                              LotRequest lot,
                              @Schema(example = "PURCHASE") String reasonCode,
                              @Schema(example = "2026-12-06T08:30:00Z") OffsetDateTime occurredAt,
                              @Schema(example = "PO-4411") String documentRef) {

    /** A lot named by its number; expiry and extended expiry only when a receipt creates it. */
    public record LotRequest(@Schema(example = "N95-2026-11") String number,
                             @Schema(example = "2031-11-30") LocalDate expiry,
                             LocalDate extendedExpiry) {
    }
}
