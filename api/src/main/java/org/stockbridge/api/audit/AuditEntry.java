package org.stockbridge.api.audit;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * One audit row. A summary of refusals of requests without a verified caller stands for {@code occurrences} of
 * them from one remote address with one status, the first at {@code firstAt} and the last at {@code lastAt}, and
 * lists the {@code requests} seen ({@code "METHOD path"}: count); every other row stands for one request
 * (occurrences 1, the other three null).
 */
record AuditEntry(long id, OffsetDateTime at, String client, String actor, String method, String path,
                  String query, int status, String outcome, String idempotencyKey, String remoteAddress,
                  String summary, JsonNode before, JsonNode after, long occurrences, OffsetDateTime firstAt,
                  OffsetDateTime lastAt, JsonNode requests) {
}
