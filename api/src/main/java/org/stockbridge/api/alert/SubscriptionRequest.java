package org.stockbridge.api.alert;

import java.util.List;

/**
 * A subscription as a client creates or replaces it. What to watch narrows the alerts: sites and jurisdictions select
 * sites (none: every site the owner may see), products, equivalence groups and ATC prefixes select products (none:
 * every product); an alert needs a match of both. {@code webhookUrl} is optional. The parameters are required by the
 * events that use them and refused without such an event.
 *
 * @param threshold   a probability in (0, 1]: SHORTAGE_RISK_ABOVE and STOCKOUT_PROBABILITY_ABOVE hold at or above it
 * @param horizonDays STOCKOUT_PROBABILITY_ABOVE: the stockout is projected within this many days (1 to 365)
 * @param withinDays  LOTS_EXPIRING: a lot expiring within this many days (1 to 730)
 */
public record SubscriptionRequest(String name, List<String> events, List<String> products,
                                  List<String> equivalenceGroups, List<String> atcPrefixes, List<String> sites,
                                  List<String> jurisdictions, String webhookUrl, Double threshold,
                                  Integer horizonDays, Integer withinDays) {
}
