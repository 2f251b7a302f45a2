package org.stockbridge.forecasting.simulation;

import java.util.Objects;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.domain.ledger.SiteContext;

/**
 * One (site, product) pair of the demo stock: what the simulator needs to know of each.
 *
 * @param region      the HHS region or province, which surges and the hospital census are keyed by
 * @param respiratory whether demand follows the winter respiratory season (PPE, anti-infectives, corticosteroids)
 * @param packSize    orders are placed in whole packs of this many units of issue
 */
public record SeriesSpec(String site, String region, SiteContext context, SiteKind siteKind, String product,
                         ProductKind productKind, boolean respiratory, int packSize) {

    public SeriesSpec {
        Objects.requireNonNull(site, "site must not be null");
        Objects.requireNonNull(region, "region must not be null");
        Objects.requireNonNull(context, "context must not be null");
        Objects.requireNonNull(siteKind, "siteKind must not be null");
        Objects.requireNonNull(product, "product must not be null");
        Objects.requireNonNull(productKind, "productKind must not be null");
        if (packSize <= 0) {
            throw new IllegalArgumentException("packSize must be positive, was " + packSize);
        }
    }

    /**
     * Strategic depots hold months of supply and deploy it in bursts; dispensing sites and hospitals see a few patients
     * a day, so their demand is intermittent.
     */
    public boolean depot() {
        return siteKind == SiteKind.NATIONAL || siteKind == SiteKind.REGIONAL || siteKind == SiteKind.PROVINCIAL
                || siteKind == SiteKind.STATE;
    }
}
