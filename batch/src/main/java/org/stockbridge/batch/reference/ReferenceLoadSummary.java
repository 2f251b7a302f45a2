package org.stockbridge.batch.reference;

import java.util.Map;

/**
 * What the reference data holds after a load.
 *
 * @param crossBorderGroups equivalence groups with products marketed in both the U.S. and Canada
 * @param skipped           rows passed over, by reason
 */
public record ReferenceLoadSummary(boolean alreadyLoaded, Map<String, Long> sitesByKind, long agencies,
                                   Map<String, Long> productsByKind, long equivalenceGroups, long crossBorderGroups,
                                   Map<String, Long> identifiersBySystem, long authorisations,
                                   Map<String, Long> skipped, long millis) {

    public long sites() {
        return sitesByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public long products() {
        return productsByKind.values().stream().mapToLong(Long::longValue).sum();
    }
}
