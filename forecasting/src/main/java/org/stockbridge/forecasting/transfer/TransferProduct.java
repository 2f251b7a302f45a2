package org.stockbridge.forecasting.transfer;

import java.util.Objects;

/**
 * Product facts the rules need.
 *
 * @param marketJurisdiction where the product is marketed (DIN: {@code CA}, NDC: {@code US}), or {@code null}
 */
public record TransferProduct(long productId, String code, Long equivalenceGroupId, int packSize,
                              String marketJurisdiction) {

    public TransferProduct {
        Objects.requireNonNull(code, "code must not be null");
    }
}
