package org.stockbridge.api.site;

import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ledger.SiteContext;

/** A site as the rules about it need it: its id, code, name, jurisdiction and whether it is a U.S. federal site. */
public record SiteRef(long id, String code, String name, Jurisdiction jurisdiction, boolean federal) {

    /** What the ledger's domain rules know of a site. */
    public SiteContext context() {
        return new SiteContext(jurisdiction, federal);
    }
}
