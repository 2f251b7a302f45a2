package org.stockbridge.api.site;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.decimal;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.SiteKind;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class SiteRepository {

    private static final String SELECT = """
            SELECT s.id, s.code, s.name, s.jurisdiction, a.code AS agency, a.name AS agency_name, s.kind, s.region,
                   s.state_province, s.city, s.postal_code, s.latitude, s.longitude, s.federal, s.source
              FROM site s JOIN agency a ON a.id = s.agency_id""";

    private final DatabaseClient client;

    SiteRepository(DatabaseClient client) {
        this.client = client;
    }

    Flux<Keyed<SiteView>> find(SiteFilter filter, PageRequest page) {
        return FilteredQuery.select(SELECT)
                .where("s.id > :after", "after", page.cursor().afterKey())
                .where("s.jurisdiction = :jurisdiction", "jurisdiction",
                        filter.jurisdiction() == null ? null : filter.jurisdiction().name())
                .where("a.code = :agency", "agency", filter.agency())
                .where("s.region = :region", "region", filter.region())
                .where("s.kind = :kind", "kind", filter.kind() == null ? null : filter.kind().name())
                .where("s.id = ANY(:visibleSites)", "visibleSites", filter.visibleSites())
                .then("ORDER BY s.id LIMIT :limit", "limit", page.fetchSize())
                .fetch(client, SiteRepository::keyed);
    }

    Mono<SiteView> findByCode(String code, Long[] visibleSites) {
        return FilteredQuery.select(SELECT)
                .where("s.code = :code", "code", code)
                .where("s.id = ANY(:visibleSites)", "visibleSites", visibleSites)
                .fetch(client, SiteRepository::keyed)
                .map(Keyed::value)
                .next();
    }

    private static Keyed<SiteView> keyed(Readable row) {
        return new Keyed<>(longValue(row, "id"), new SiteView(string(row, "code"), string(row, "name"),
                string(row, "jurisdiction"), string(row, "agency"), string(row, "agency_name"), string(row, "kind"),
                string(row, "region"), string(row, "state_province"), string(row, "city"), string(row, "postal_code"),
                decimal(row, "latitude"), decimal(row, "longitude"), bool(row, "federal"), string(row, "source")));
    }

    /** Optional filters; visibleSites limits a partner to its own sites. */
    record SiteFilter(Jurisdiction jurisdiction, String agency, String region, SiteKind kind, Long[] visibleSites) {
    }
}
