package org.stockbridge.api.alert;

import org.stockbridge.domain.alert.AlertEvent;

/**
 * What the evaluator saw of one condition for one subscription: whether an alert is open for it, whether it holds now,
 * and the evidence to keep with an alert.
 */
record Observation(long subscriptionId, String owner, String webhookUrl, AlertEvent event, String conditionKey,
                   long siteId, boolean open, boolean holds, String evidence, long changePosition) {
}
