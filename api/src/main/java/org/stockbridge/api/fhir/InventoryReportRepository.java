package org.stockbridge.api.fhir;

import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.strings;

import java.time.LocalDate;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** The reads behind the FHIR InventoryReport: a site's lots with stock, and products by NDC, DIN or GTIN. */
@Repository
class InventoryReportRepository {

    private final DatabaseClient client;

    InventoryReportRepository(DatabaseClient client) {
        this.client = client;
    }

    /** One lot with stock at a site, with the product's NDC, DIN and GTIN identifiers as {@code SYSTEM|value}. */
    record Line(String product, String name, String kind, String unit, String lot, LocalDate expiry, long onHand,
                List<String> identifiers) {
    }

    Flux<Line> lines(long siteId) {
        return client.sql("""
                        SELECT p.code AS product, p.name, p.kind, p.unit_of_issue, l.lot_number, l.labelled_expiry,
                               b.on_hand,
                               array(SELECT i.system || '|' || i.value FROM product_identifier i
                                      WHERE i.product_id = p.id AND i.system IN ('NDC', 'DIN', 'GTIN')
                                      ORDER BY i.system, i.value) AS identifiers
                          FROM balance b JOIN product p ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id
                         WHERE b.site_id = :site AND b.on_hand > 0
                         ORDER BY p.code, l.lot_number""")
                .bind("site", siteId)
                .map(r -> new Line(string(r, "product"), string(r, "name"), string(r, "kind"), string(r, "unit_of_issue"),
                        string(r, "lot_number"), date(r, "labelled_expiry"), longValue(r, "on_hand"),
                        strings(r, "identifiers")))
                .all();
    }

    /** The codes of the products with this identifier, compared as the catalogue keys them (no punctuation, upper). */
    Flux<String> productCodes(String system, String value) {
        return client.sql("SELECT p.code FROM product_identifier i JOIN product p ON p.id = i.product_id "
                        + "WHERE i.system = :system AND i.lookup_key = upper(regexp_replace(:value, '[^0-9A-Za-z]', '', 'g'))")
                .bind("system", system).bind("value", value)
                .map(r -> string(r, "code")).all();
    }
}
