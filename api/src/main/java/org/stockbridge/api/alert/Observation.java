package org.stockbridge.api.alert;

import org.stockbridge.domain.alert.AlertEvent;

/**
 * What the evaluator saw of one condition for one subscription: whether an alert is open for it, whether it holds now,
 * and the evidence to keep with an alert. {@code siteId} is null for a condition of no site (a shortage report, an
 * ingredient's risk); {@code changePosition} is null for one not judged from the change feed (after an ingest run or
 * a forecast job, or as days pass).
 */
record Observation(long subscriptionId, String owner, String webhookUrl, AlertEvent event, String conditionKey,
                   Long siteId, boolean open, boolean holds, String evidence, Long changePosition) {
}
