package org.stockbridge.api.web;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which sites a caller may see, for the services that hold site codes rather than ids: a partner sees its own sites
 * only, and every other site answers as one that does not exist.
 */
@Component
public class SiteVisibility {

    private final DatabaseClient client;

    SiteVisibility(DatabaseClient client) {
        this.client = client;
    }

    /** Completes when the caller may see the site; 404 (as for a site that does not exist) when not. */
    public Mono<Void> require(Caller caller, String siteCode) {
        if (!caller.partner()) {
            return Mono.empty();
        }
        return client.sql("SELECT id FROM site WHERE code = :code").bind("code", siteCode)
                .map(row -> row.get("id", Long.class)).one()
                .filter(caller::sees)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no site with code " + siteCode)))
                .then();
    }

    /** The codes of the sites the caller may see; empty when the caller is not limited to sites. */
    public Mono<Optional<Set<String>>> codes(Caller caller) {
        if (!caller.partner()) {
            return Mono.just(Optional.empty());
        }
        return client.sql("SELECT code FROM site WHERE id = ANY(:ids)").bind("ids", caller.siteFilter())
                .map(row -> row.get("code", String.class)).all()
                .collect(Collectors.toSet()).map(Optional::of);
    }
}
