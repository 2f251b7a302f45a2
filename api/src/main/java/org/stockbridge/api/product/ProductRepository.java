package org.stockbridge.api.product;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;

import io.r2dbc.spi.Readable;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.persistence.Like;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.domain.Authorisation;
import org.stockbridge.domain.AuthorisationBasis;
import org.stockbridge.domain.IdentifierSystem;
import org.stockbridge.domain.Jurisdiction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class ProductRepository {

    private static final String SELECT = """
            SELECT p.id, p.code, p.kind, p.name, p.generic_name, p.strength, p.dosage_form, p.route, p.unit_of_issue,
                   p.pack_size, p.manufacturer, p.atc_code, p.market_jurisdiction, g.code AS group_code, p.source,
                   p.equivalence_group_id
              FROM product p LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id""";
    private static final String BY_IDENTIFIER = "p.id IN (SELECT i.product_id FROM product_identifier i "
            + "WHERE i.system = '%s' AND i.lookup_key = :%s)";

    private final DatabaseClient client;

    ProductRepository(DatabaseClient client) {
        this.client = client;
    }

    Flux<Keyed<ProductView>> find(ProductFilter filter, PageRequest page) {
        return FilteredQuery.select(SELECT)
                .where("p.id > :after", "after", page.cursor().afterKey())
                .where("p.kind = :kind", "kind", filter.kind())
                .where("p.atc_code LIKE :atc", "atc", filter.atcPrefix() == null ? null : filter.atcPrefix() + "%")
                .where("p.market_jurisdiction = :jurisdiction", "jurisdiction", filter.jurisdiction())
                .where("(lower(p.name) LIKE :text ESCAPE '\\' OR lower(p.generic_name) LIKE :text ESCAPE '\\')", "text",
                        filter.text() == null ? null : Like.containing(filter.text().toLowerCase()))
                .where(BY_IDENTIFIER.formatted("NDC", "ndc"), "ndc", lookupKey(filter.ndc()))
                .where(BY_IDENTIFIER.formatted("DIN", "din"), "din", lookupKey(filter.din()))
                .where(BY_IDENTIFIER.formatted("GTIN", "gtin"), "gtin", lookupKey(filter.gtin()))
                .then("ORDER BY p.id LIMIT :limit", "limit", page.fetchSize())
                .fetch(client, ProductRepository::product);
    }

    Mono<Keyed<ProductView>> findByCode(String code) {
        return FilteredQuery.select(SELECT).where("p.code = :code", "code", code)
                .fetch(client, ProductRepository::product).next();
    }

    Mono<ProductDetail.GroupView> findGroupOf(long productId) {
        return client.sql("""
                        SELECT g.code, g.name, g.atc_code, g.ingredients, g.strength, g.dosage_form, g.route, g.essential,
                               g.essential_category
                          FROM equivalence_group g JOIN product p ON p.equivalence_group_id = g.id WHERE p.id = :id""")
                .bind("id", productId)
                .map(row -> new ProductDetail.GroupView(string(row, "code"), string(row, "name"), string(row, "atc_code"),
                        string(row, "ingredients"), string(row, "strength"), string(row, "dosage_form"),
                        string(row, "route"), bool(row, "essential"), string(row, "essential_category")))
                .one();
    }

    /** The other members of the product's equivalence group. */
    Flux<Keyed<ProductView>> findEquivalents(long productId) {
        return FilteredQuery.select(SELECT)
                .where("p.equivalence_group_id = (SELECT equivalence_group_id FROM product WHERE id = :id)", "id", productId)
                .where("p.id <> :self", "self", productId)
                .then("ORDER BY p.market_jurisdiction, p.id LIMIT :limit", "limit", 1000)
                .fetch(client, ProductRepository::product);
    }

    Flux<Keyed<ProductDetail.IdentifierView>> findIdentifiers(Collection<Long> productIds) {
        return client.sql("SELECT product_id, system, value FROM product_identifier WHERE product_id = ANY(:ids) "
                        + "ORDER BY product_id, system, value")
                .bind("ids", productIds.toArray(Long[]::new))
                .map(row -> new Keyed<>(longValue(row, "product_id"),
                        new ProductDetail.IdentifierView(string(row, "system"), string(row, "value"))))
                .all();
    }

    Flux<Keyed<Authorisation>> findAuthorisations(Collection<Long> productIds) {
        return client.sql("SELECT product_id, jurisdiction, basis, reference, valid_from, valid_to FROM authorisation "
                        + "WHERE product_id = ANY(:ids) ORDER BY product_id, id")
                .bind("ids", productIds.toArray(Long[]::new))
                .map(row -> new Keyed<>(longValue(row, "product_id"), new Authorisation(
                        Jurisdiction.valueOf(string(row, "jurisdiction")),
                        AuthorisationBasis.valueOf(string(row, "basis")), string(row, "reference"),
                        date(row, "valid_from"), date(row, "valid_to"))))
                .all();
    }

    private static Keyed<ProductView> product(Readable row) {
        Integer packSize = row.get("pack_size", Integer.class);
        return new Keyed<>(longValue(row, "id"), new ProductView(string(row, "code"), string(row, "kind"),
                string(row, "name"), string(row, "generic_name"), string(row, "strength"), string(row, "dosage_form"),
                string(row, "route"), string(row, "unit_of_issue"), packSize == null ? 1 : packSize,
                string(row, "manufacturer"), string(row, "atc_code"), string(row, "market_jurisdiction"),
                string(row, "group_code"), string(row, "source")));
    }

    private static String lookupKey(String identifier) {
        return identifier == null ? null : IdentifierSystem.lookupKey(identifier);
    }

    record ProductFilter(String kind, String atcPrefix, String jurisdiction, String text, String ndc, String din,
                         String gtin) {
    }

    static <T> List<T> valuesFor(List<Keyed<T>> rows, long key) {
        return rows.stream().filter(r -> r.key() == key).map(Keyed::value).toList();
    }
}
