package org.stockbridge.api.site;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.domain.Jurisdiction;
import reactor.core.publisher.Mono;

/**
 * The one place a site code from a request becomes a site, and the rules of who may see and change it: a site the
 * caller may not see answers as one that does not exist (404, or the caller's own "unknown" error where the code came
 * in a body), and a change at a site of another jurisdiction than the caller acts in is refused (403).
 */
@Component
public class Sites {

    private final DatabaseClient client;

    Sites(DatabaseClient client) {
        this.client = client;
    }

    /** The site, whoever asks; empty when there is none. For rules that are not about the caller. */
    public Mono<SiteRef> find(String code) {
        return client.sql("SELECT id, code, name, jurisdiction, federal FROM site WHERE code = :code")
                .bind("code", code)
                .map(row -> new SiteRef(longValue(row, "id"), string(row, "code"), string(row, "name"),
                        Jurisdiction.valueOf(string(row, "jurisdiction")), bool(row, "federal")))
                .one();
    }

    /** The site if the caller may see it; 404 as for a site that does not exist when not. */
    public Mono<SiteRef> visible(Caller caller, String code) {
        return visible(caller, code, () -> notFound(code));
    }

    /** The site if the caller may see it; {@code unknown}'s error, as for a site that does not exist, when not. */
    public Mono<SiteRef> visible(Caller caller, String code, Supplier<? extends Throwable> unknown) {
        return find(code).filter(site -> caller.sees(site.id())).switchIfEmpty(Mono.error(unknown));
    }

    /** The site if the caller may see it and change stock there: 404 when not seen, 403 in another jurisdiction. */
    public Mono<SiteRef> changeable(Caller caller, String code) {
        return changeable(caller, code, () -> notFound(code));
    }

    /** As {@link #changeable(Caller, String)}, with the caller's own error for a site that is unknown to it. */
    public Mono<SiteRef> changeable(Caller caller, String code, Supplier<? extends Throwable> unknown) {
        return visible(caller, code, unknown).flatMap(site -> caller.actsIn(site.jurisdiction()) ? Mono.just(site)
                : Mono.error(Callers.otherJurisdiction(site.code(), site.jurisdiction(), caller)));
    }

    /** The codes of the sites the caller may see; empty when the caller is not limited to sites. */
    public Mono<Optional<Set<String>>> visibleCodes(Caller caller) {
        if (!caller.partner()) {
            return Mono.just(Optional.empty());
        }
        return client.sql("SELECT code FROM site WHERE id = ANY(:ids)").bind("ids", caller.siteFilter())
                .map(row -> row.get("code", String.class)).all()
                .collect(Collectors.toSet()).map(Optional::of);
    }

    private static NotFoundException notFound(String code) {
        return Callers.hidden("no site with code " + code);
    }
}
