package org.stockbridge.api.alert;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * An alert as its owner reads it.
 *
 * @param kind           {@code RAISED} when the condition started to hold (or a one-shot event happened),
 *                       {@code CLEARED} when it stopped
 * @param condition      what the alert is about: {@code <site>/<product>} for stock and stockouts,
 *                       {@code transfer/<id>}, {@code <site>/<product>/<lot>} for lots expiring,
 *                       {@code shortage-report/<source>/<key>}, {@code ingredient/<name>}
 * @param evidence       the facts the evaluator saw, as JSON
 * @param changePosition the change feed position that led to it; null when an ingest run, a forecast job or the
 *                       expiry sweep did
 */
public record AlertView(long id, long subscriptionId, String event, String condition, String kind, JsonNode evidence,
                        Long changePosition, OffsetDateTime createdAt, OffsetDateTime readAt) {
}
