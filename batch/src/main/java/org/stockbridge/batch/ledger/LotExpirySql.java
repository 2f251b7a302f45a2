package org.stockbridge.batch.ledger;

/**
 * The Shelf-Life Extension Program rule of {@code SiteContext.slepApplies} in SQL, for queries that join a lot as
 * {@code l} to a site as {@code s}: a lot's extended expiry exists only at U.S. federal sites. Elsewhere it is neither
 * shown nor counted, so a partner holding the same lot learns nothing of the extension. Here, beside the forecast
 * job's reads, so that the job and the service (which depends on this module) apply the one rule.
 *
 * <p>The database keeps the same rule for the expiring list's index: each balance carries its lot's effective expiry
 * at its site ({@code balance.effective_expiry}, kept by the function {@code balance_effective_expiry} of migration
 * V57). A change of the rule here needs a migration that changes that function and recomputes the column; the
 * integration test {@code ExpiringListIntegrationTests} holds the two equal.
 */
public final class LotExpirySql {

    /** Whether the SLEP extended expiry applies at the site. */
    public static final String SLEP_APPLIES = "(s.jurisdiction = 'US' AND s.federal)";
    /** The lot's extended expiry where it applies, null elsewhere. */
    public static final String EXTENDED_EXPIRY = "(CASE WHEN " + SLEP_APPLIES + " THEN l.extended_expiry END)";
    /** The expiry that counts at the site: the extended one where it applies and is set, the labelled one otherwise. */
    public static final String EFFECTIVE_EXPIRY = "coalesce(" + EXTENDED_EXPIRY + ", l.labelled_expiry)";

    /** Whether the lot may be used on {@code :day}: released and not past the expiry that counts at the site. */
    public static final String USABLE = "(l.status = 'RELEASED' AND " + EFFECTIVE_EXPIRY + " >= :day)";

    private LotExpirySql() {
    }
}
