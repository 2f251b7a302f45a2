package org.stockbridge.api.policy;

import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Stock policies, versioned: an update names the version it changes and changes nothing when another came first. */
@Repository
class StockPolicyRepository {

    private static final String SELECT = """
            SELECT s.code AS site, p.code AS product, sp.safety_stock, sp.reorder_point, sp.max_stock,
                   sp.reserve_floor, sp.version, sp.updated_at, sp.updated_by
              FROM stock_policy sp JOIN site s ON s.id = sp.site_id JOIN product p ON p.id = sp.product_id
             WHERE s.code = :site AND p.code = :product""";

    private final DatabaseClient client;

    StockPolicyRepository(DatabaseClient client) {
        this.client = client;
    }

    Mono<StockPolicyView> find(String site, String product) {
        return client.sql(SELECT).bind("site", site).bind("product", product)
                .map(row -> new StockPolicyView(row.get("site", String.class), row.get("product", String.class),
                        row.get("safety_stock", Long.class), row.get("reorder_point", Long.class),
                        row.get("max_stock", Long.class), row.get("reserve_floor", Long.class),
                        row.get("version", Long.class), row.get("updated_at", OffsetDateTime.class),
                        row.get("updated_by", String.class)))
                .one();
    }

    /** The product's id; empty when there is none. */
    Mono<Long> productId(String code) {
        return client.sql("SELECT id FROM product WHERE code = :code").bind("code", code)
                .map(row -> row.get("id", Long.class)).one();
    }

    /**
     * Inserts the policy unless one exists: 0 rows when a concurrent request committed it first (the insert waits for
     * that request's transaction and then leaves the row alone instead of failing on the primary key).
     */
    Mono<Long> insert(long siteId, long productId, StockPolicyService.Validated p, String actor) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("INSERT INTO stock_policy (site_id, product_id, "
                        + "safety_stock, reorder_point, max_stock, reserve_floor, updated_by) VALUES (:site, :product, "
                        + ":safety, :reorder, :max, :reserve, :actor) ON CONFLICT (site_id, product_id) DO NOTHING")
                .bind("site", siteId).bind("product", productId).bind("safety", p.safetyStock())
                .bind("reorder", p.reorderPoint()).bind("reserve", p.reserveFloor()).bind("actor", actor);
        spec = p.maxStock() == null ? spec.bindNull("max", Long.class) : spec.bind("max", p.maxStock());
        return spec.fetch().rowsUpdated();
    }

    /** Changes the policy if it is still at {@code expectedVersion}; 0 rows when it is not. */
    Mono<Long> update(long siteId, long productId, StockPolicyService.Validated p, long expectedVersion,
                      String actor) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("UPDATE stock_policy SET safety_stock = :safety, "
                        + "reorder_point = :reorder, max_stock = :max, reserve_floor = :reserve, version = version + 1, "
                        + "updated_at = now(), updated_by = :actor "
                        + "WHERE site_id = :site AND product_id = :product AND version = :version")
                .bind("site", siteId).bind("product", productId).bind("safety", p.safetyStock())
                .bind("reorder", p.reorderPoint()).bind("reserve", p.reserveFloor()).bind("actor", actor)
                .bind("version", expectedVersion);
        spec = p.maxStock() == null ? spec.bindNull("max", Long.class) : spec.bind("max", p.maxStock());
        return spec.fetch().rowsUpdated();
    }
}
