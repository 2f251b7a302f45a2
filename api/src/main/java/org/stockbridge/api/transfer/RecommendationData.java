package org.stockbridge.api.transfer;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.nullableLong;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.strings;

import java.time.LocalDate;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * What a recommendation run reads: sites, the catalogue with its authorisations, every lot in stock, and the open
 * transfers ({@link OpenTransfers}).
 */
@Repository
class RecommendationData {

    private final DatabaseClient client;

    RecommendationData(DatabaseClient client) {
        this.client = client;
    }

    record Site(long id, String code, String name, String jurisdiction, boolean federal, String laneRegion,
                String region) {
    }

    /**
     * A product; {@code tier3} when an active (or anticipated) tier-3 shortage report names it or its equivalence
     * group.
     */
    record Product(long id, String code, String name, Long groupId, int packSize, String market, boolean essential,
                   boolean tier3) {
    }

    record Authorisation(long productId, String jurisdiction, String basis, LocalDate validFrom, LocalDate validTo) {
    }

    /** One lot in stock at a site, with the site's policy for the product (zeros when it has none). */
    record StockedLot(long siteId, long productId, long lotId, String lotNumber, long onHand, LocalDate labelledExpiry,
                      LocalDate extendedExpiry, String status, long safetyStock, long reserveFloor) {
    }

    /**
     * What the open transfers were when a run read them, read before them: the number of transfers, the highest id
     * and the sum of their versions. Creating a transfer raises the first two, and every step of one (approval,
     * dispatch, receipt, cancellation) raises its version, so any change to what is open changes the fingerprint.
     */
    record Fingerprint(long transfers, long maxId, long versions) {
    }

    /** @param fingerprint the open transfers' fingerprint, read before them */
    record Inputs(List<Site> sites, List<Product> products, List<Authorisation> authorisations,
                  List<StockedLot> stock, List<OpenTransfers.Open> open, Fingerprint fingerprint) {
    }

    /** The open transfers' fingerprint now. */
    Mono<Fingerprint> fingerprint() {
        return client.sql("SELECT count(*) AS transfers, coalesce(max(id), 0) AS max_id, "
                        + "coalesce(sum(version), 0)::bigint AS versions FROM transfer")
                .map(row -> new Fingerprint(longValue(row, "transfers"), longValue(row, "max_id"),
                        longValue(row, "versions")))
                .one();
    }

    /**
     * Takes the transaction-scoped lock every save of recommendations takes, so that one save at a time compares the
     * fingerprint and stores its plan.
     */
    Mono<Void> lockRecommendations() {
        return client.sql("SELECT pg_advisory_xact_lock(hashtextextended('stockbridge.transfer-recommendations', 0))")
                .then();
    }

    Mono<Inputs> load() {
        return fingerprint().flatMap(this::load);
    }

    private Mono<Inputs> load(Fingerprint fingerprint) {
        Mono<List<Site>> sites = client.sql("""
                        SELECT s.id, s.code, s.name, s.jurisdiction, s.federal, s.region,
                               coalesce(r1.code, r2.code) AS lane_region
                          FROM site s
                          LEFT JOIN lane_region r1 ON r1.code = s.region
                          LEFT JOIN lane_region r2 ON r2.code = s.state_province""")
                .map(row -> new Site(longValue(row, "id"), string(row, "code"), string(row, "name"),
                        string(row, "jurisdiction"), bool(row, "federal"), string(row, "lane_region"),
                        string(row, "region")))
                .all().collectList();
        Mono<List<Product>> products = client.sql("""
                        SELECT p.id, p.code, p.name, p.equivalence_group_id, p.pack_size, p.market_jurisdiction,
                               coalesce(g.essential, false) AS essential,
                               EXISTS (SELECT 1 FROM shortage_report_link k JOIN shortage_report r ON r.id = k.report_id
                                        WHERE r.tier3 AND r.lifecycle IN ('ACTIVE', 'ANTICIPATED')
                                          AND (k.product_id = p.id OR k.equivalence_group_id = p.equivalence_group_id))
                                   AS tier3
                          FROM product p LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id""")
                .map(row -> new Product(longValue(row, "id"), string(row, "code"), string(row, "name"),
                        nullableLong(row, "equivalence_group_id"), row.get("pack_size", Integer.class),
                        string(row, "market_jurisdiction"), bool(row, "essential"), bool(row, "tier3")))
                .all().collectList();
        Mono<List<Authorisation>> authorisations = client.sql("""
                        SELECT product_id, jurisdiction, basis, valid_from, valid_to FROM authorisation""")
                .map(row -> new Authorisation(longValue(row, "product_id"), string(row, "jurisdiction"),
                        string(row, "basis"), date(row, "valid_from"), date(row, "valid_to")))
                .all().collectList();
        Mono<List<StockedLot>> stock = client.sql("""
                        SELECT b.site_id, b.product_id, b.lot_id, l.lot_number, b.on_hand, l.labelled_expiry,
                               l.extended_expiry, l.status, coalesce(sp.safety_stock, 0) AS safety_stock,
                               coalesce(sp.reserve_floor, 0) AS reserve_floor
                          FROM balance b
                          JOIN lot l ON l.id = b.lot_id
                          LEFT JOIN stock_policy sp ON sp.site_id = b.site_id AND sp.product_id = b.product_id
                         WHERE b.on_hand > 0
                         ORDER BY b.site_id, b.product_id, l.labelled_expiry, l.id""")
                .map(row -> new StockedLot(longValue(row, "site_id"), longValue(row, "product_id"),
                        longValue(row, "lot_id"), string(row, "lot_number"), longValue(row, "on_hand"),
                        date(row, "labelled_expiry"), date(row, "extended_expiry"), string(row, "status"),
                        longValue(row, "safety_stock"), longValue(row, "reserve_floor")))
                .all().collectList();
        Mono<List<OpenTransfers.Open>> open = client.sql("""
                        SELECT from_site_id, to_site_id, product_id, lot_id, state, quantity, dispatched_quantity,
                               dispatch_on, arrives_on, crossings
                          FROM transfer WHERE state = ANY(:open) ORDER BY id""")
                .bind("open", OpenTransfers.OPEN.stream().map(Enum::name).toArray(String[]::new))
                .map(row -> new OpenTransfers.Open(longValue(row, "from_site_id"), longValue(row, "to_site_id"),
                        longValue(row, "product_id"), longValue(row, "lot_id"),
                        TransferState.valueOf(string(row, "state")), longValue(row, "quantity"),
                        nullableLong(row, "dispatched_quantity"), date(row, "dispatch_on"), date(row, "arrives_on"),
                        strings(row, "crossings")))
                .all().collectList();
        return Mono.zip(sites, products, authorisations, stock, open)
                .map(t -> new Inputs(t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5(), fingerprint));
    }
}
