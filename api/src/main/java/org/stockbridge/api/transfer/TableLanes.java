package org.stockbridge.api.transfer;

import java.util.Optional;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.forecasting.transfer.Lanes;
import org.stockbridge.forecasting.transfer.Route;
import org.stockbridge.forecasting.transfer.TransferSite;

/** The optimiser's {@link Lanes} over the lane table: a site's region is its lane region. */
final class TableLanes implements Lanes {

    private final LaneTable table;

    TableLanes(LaneTable table) {
        this.table = table;
    }

    @Override
    public Optional<Route> between(TransferSite from, TransferSite to) {
        return table.route(place(from), place(to))
                .map(route -> new Route(route.transitDays(), route.costPerUnit(), route.crossings()));
    }

    private static LaneTable.Place place(TransferSite site) {
        return new LaneTable.Place(site.code(), site.region(), Jurisdiction.valueOf(site.jurisdiction()));
    }
}
