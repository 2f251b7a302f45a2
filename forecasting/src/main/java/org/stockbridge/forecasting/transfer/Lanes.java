package org.stockbridge.forecasting.transfer;

import java.util.Optional;

/** The route between two sites, or empty when none is open. */
public interface Lanes {

    Optional<Route> between(TransferSite from, TransferSite to);
}
