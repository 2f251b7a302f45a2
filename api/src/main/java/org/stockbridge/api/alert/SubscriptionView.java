package org.stockbridge.api.alert;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A subscription as its owner reads it. {@code webhookSecret} is shown only in the answer that issued it (creation,
 * the first webhook URL, a rotation) and is null everywhere else.
 */
public record SubscriptionView(long id, String owner, String name, List<String> events, List<String> products,
                               List<String> equivalenceGroups, List<String> atcPrefixes, List<String> sites,
                               List<String> jurisdictions, Double threshold, Integer horizonDays, Integer withinDays,
                               String webhookUrl, String webhookSecret, long version, OffsetDateTime createdAt,
                               OffsetDateTime updatedAt) {

    SubscriptionView withSecret(String secret) {
        return new SubscriptionView(id, owner, name, events, products, equivalenceGroups, atcPrefixes, sites,
                jurisdictions, threshold, horizonDays, withinDays, webhookUrl, secret, version, createdAt, updatedAt);
    }
}
