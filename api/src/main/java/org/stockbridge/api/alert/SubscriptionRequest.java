package org.stockbridge.api.alert;

import java.util.List;

/**
 * A subscription as a client creates or replaces it. What to watch narrows the alerts: sites and jurisdictions select
 * sites (none: every site the owner may see), products, equivalence groups and ATC prefixes select products (none:
 * every product); an alert needs a match of both. {@code webhookUrl} is optional.
 */
public record SubscriptionRequest(String name, List<String> events, List<String> products,
                                  List<String> equivalenceGroups, List<String> atcPrefixes, List<String> sites,
                                  List<String> jurisdictions, String webhookUrl) {
}
