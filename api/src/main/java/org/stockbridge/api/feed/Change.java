package org.stockbridge.api.feed;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/** One change. {@code payload} holds the changed resource as it is after the change. */
record Change(long position, OffsetDateTime at, String kind, String key, JsonNode payload) {
}
