package org.stockbridge.api.web;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.stockbridge.domain.Jurisdiction;

/**
 * Who is calling, from their verified token: the client, its scopes, the jurisdiction a stockpile manager acts in,
 * and for a partner system the sites it may see (its own, named in the token or belonging to its agency).
 *
 * @param jurisdiction the jurisdiction writes are limited to; {@code null} for callers that act in both (officials,
 *                     administrators)
 * @param visibleSites the ids of the only sites this caller may read or write; {@code null} when not limited to sites
 */
public record Caller(String client, Set<String> scopes, Jurisdiction jurisdiction, List<Long> visibleSites) {

    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String FORECAST = "forecast";
    public static final String APPROVE = "approve";
    public static final String ADMIN = "admin";

    public Caller {
        Objects.requireNonNull(client, "client must not be null");
        scopes = Set.copyOf(scopes);
        visibleSites = visibleSites == null ? null : List.copyOf(visibleSites);
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }

    /** A partner system: limited to its own sites. */
    public boolean partner() {
        return visibleSites != null;
    }

    public boolean admin() {
        return has(ADMIN);
    }

    /** Whether this caller may see a site at all (partners see only theirs; anything else is hidden from them). */
    public boolean sees(long siteId) {
        return visibleSites == null || visibleSites.contains(siteId);
    }

    /** Whether this caller may change stock at a site it sees: a manager only in their own jurisdiction. */
    public boolean actsIn(Jurisdiction siteJurisdiction) {
        return jurisdiction == null || jurisdiction == siteJurisdiction;
    }

    /** The site ids to bind in a visibility filter ({@code site_id = ANY(:visibleSites)}), or null for none. */
    public Long[] siteFilter() {
        return visibleSites == null ? null : visibleSites.toArray(Long[]::new);
    }
}
