package org.stockbridge.api.alert;

import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.strings;
import static org.stockbridge.api.persistence.Columns.timestamp;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Subscriptions and their secrets. Every read and change is limited to the owner's own subscriptions. */
@Repository
class SubscriptionRepository {

    private static final String COLUMNS = "id, owner, name, events, products, equivalence_groups, atc_prefixes, sites, "
            + "jurisdictions, threshold, horizon_days, within_days, webhook_url, version, created_at, updated_at";

    private final DatabaseClient client;

    SubscriptionRepository(DatabaseClient client) {
        this.client = client;
    }

    Flux<SubscriptionView> list(String owner) {
        return client.sql("SELECT " + COLUMNS + " FROM subscription WHERE owner = :owner ORDER BY id")
                .bind("owner", owner).map(SubscriptionRepository::view).all();
    }

    Mono<SubscriptionView> find(String owner, long id) {
        return client.sql("SELECT " + COLUMNS + " FROM subscription WHERE owner = :owner AND id = :id")
                .bind("owner", owner).bind("id", id).map(SubscriptionRepository::view).one();
    }

    Mono<Long> insert(String owner, Watch watch, String ownerJurisdiction, Long[] visibleSites) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("""
                        INSERT INTO subscription (owner, name, events, products, equivalence_groups, atc_prefixes, sites,
                                                  jurisdictions, owner_jurisdiction, visible_sites, webhook_url,
                                                  threshold, horizon_days, within_days)
                        VALUES (:owner, :name, :events, :products, :groups, :atc, :sites, :jurisdictions,
                                :ownerJurisdiction, :visibleSites, :url, :threshold, :horizonDays, :withinDays)
                        RETURNING id""")
                .bind("owner", owner);
        spec = bindWatch(spec, watch);
        spec = ownerJurisdiction == null ? spec.bindNull("ownerJurisdiction", String.class)
                : spec.bind("ownerJurisdiction", ownerJurisdiction);
        spec = visibleSites == null ? spec.bindNull("visibleSites", Long[].class) : spec.bind("visibleSites", visibleSites);
        return spec.map(row -> longValue(row, "id")).one();
    }

    /** Replaces what the subscription watches when it is still at {@code version}; the rows changed (0 or 1). */
    Mono<Long> update(String owner, long id, long version, Watch watch, String ownerJurisdiction, Long[] visibleSites) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("""
                        UPDATE subscription SET name = :name, events = :events, products = :products,
                               equivalence_groups = :groups, atc_prefixes = :atc, sites = :sites,
                               jurisdictions = :jurisdictions, owner_jurisdiction = :ownerJurisdiction,
                               visible_sites = :visibleSites, webhook_url = :url, threshold = :threshold,
                               horizon_days = :horizonDays, within_days = :withinDays, version = version + 1,
                               updated_at = now()
                         WHERE owner = :owner AND id = :id AND version = :version""")
                .bind("owner", owner).bind("id", id).bind("version", version);
        spec = bindWatch(spec, watch);
        spec = ownerJurisdiction == null ? spec.bindNull("ownerJurisdiction", String.class)
                : spec.bind("ownerJurisdiction", ownerJurisdiction);
        spec = visibleSites == null ? spec.bindNull("visibleSites", Long[].class) : spec.bind("visibleSites", visibleSites);
        return spec.fetch().rowsUpdated();
    }

    Mono<Long> delete(String owner, long id) {
        return client.sql("DELETE FROM subscription WHERE owner = :owner AND id = :id")
                .bind("owner", owner).bind("id", id).fetch().rowsUpdated();
    }

    /** Whether the subscription has a current secret. */
    Mono<Boolean> hasSecret(long id) {
        return client.sql("SELECT count(*) AS n FROM subscription_secret WHERE subscription_id = :id AND expires_at IS NULL")
                .bind("id", id).map(row -> longValue(row, "n") > 0).one();
    }

    /** Makes {@code secret} the current one; the one it replaces stays valid for {@code grace}. */
    Mono<Void> rotate(long id, String secret, Duration grace) {
        return client.sql("UPDATE subscription_secret SET expires_at = clock_timestamp() + make_interval(secs => :grace) "
                        + "WHERE subscription_id = :id AND expires_at IS NULL")
                .bind("id", id).bind("grace", grace.toMillis() / 1000.0).fetch().rowsUpdated()
                .then(client.sql("INSERT INTO subscription_secret (subscription_id, secret) VALUES (:id, :secret)")
                        .bind("id", id).bind("secret", secret).fetch().rowsUpdated())
                .then();
    }

    /** The secrets that sign this subscription's webhooks now, the current one first. */
    Mono<List<String>> secretsInForce(long id) {
        return client.sql("SELECT secret FROM subscription_secret WHERE subscription_id = :id "
                        + "AND (expires_at IS NULL OR expires_at > clock_timestamp()) ORDER BY expires_at NULLS FIRST, id DESC")
                .bind("id", id).map(row -> string(row, "secret")).all().collectList();
    }

    /** The codes among {@code codes} that name a product, a group, or a site (with its id). */
    Flux<String> knownProducts(String[] codes) {
        return client.sql("SELECT code FROM product WHERE code = ANY(:codes)").bind("codes", codes)
                .map(row -> string(row, "code")).all();
    }

    Flux<String> knownGroups(String[] codes) {
        return client.sql("SELECT code FROM equivalence_group WHERE code = ANY(:codes)").bind("codes", codes)
                .map(row -> string(row, "code")).all();
    }

    Flux<SiteCode> knownSites(String[] codes) {
        return client.sql("SELECT id, code FROM site WHERE code = ANY(:codes)").bind("codes", codes)
                .map(row -> new SiteCode(longValue(row, "id"), string(row, "code"))).all();
    }

    record SiteCode(long id, String code) {
    }

    private static DatabaseClient.GenericExecuteSpec bindWatch(DatabaseClient.GenericExecuteSpec spec, Watch watch) {
        spec = spec.bind("name", watch.name()).bind("events", Watch.array(watch.events()))
                .bind("products", Watch.array(watch.products())).bind("groups", Watch.array(watch.equivalenceGroups()))
                .bind("atc", Watch.array(watch.atcPrefixes())).bind("sites", Watch.array(watch.sites()))
                .bind("jurisdictions", Watch.array(watch.jurisdictions()));
        spec = watch.threshold() == null ? spec.bindNull("threshold", Double.class)
                : spec.bind("threshold", watch.threshold());
        spec = watch.horizonDays() == null ? spec.bindNull("horizonDays", Integer.class)
                : spec.bind("horizonDays", watch.horizonDays());
        spec = watch.withinDays() == null ? spec.bindNull("withinDays", Integer.class)
                : spec.bind("withinDays", watch.withinDays());
        return watch.webhookUrl() == null ? spec.bindNull("url", String.class) : spec.bind("url", watch.webhookUrl());
    }

    private static SubscriptionView view(Readable row) {
        return new SubscriptionView(longValue(row, "id"), string(row, "owner"), string(row, "name"),
                strings(row, "events"), strings(row, "products"), strings(row, "equivalence_groups"),
                strings(row, "atc_prefixes"), strings(row, "sites"), strings(row, "jurisdictions"),
                row.get("threshold", Double.class), row.get("horizon_days", Integer.class),
                row.get("within_days", Integer.class), string(row, "webhook_url"), null, longValue(row, "version"), timestamp(row, "created_at"),
                timestamp(row, "updated_at"));
    }
}
