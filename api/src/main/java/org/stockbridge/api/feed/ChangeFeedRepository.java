package org.stockbridge.api.feed;

import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.nullableLong;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.transfer.TransferDisclosure;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads of the change feed: its head, and pages of the changes a caller may see. */
@Repository
class ChangeFeedRepository {

    private final DatabaseClient primary;
    private final Reads reads;
    private final JsonMapper json;

    ChangeFeedRepository(DatabaseClient primary, Reads reads, JsonMapper json) {
        this.primary = primary;
        this.reads = reads;
        this.json = json;
    }

    /** The newest position, on the primary (a partner starts following from it after reading a snapshot). */
    Mono<Head> head() {
        return head(primary);
    }

    private static Mono<Head> head(DatabaseClient client) {
        return client.sql("SELECT coalesce(max(position), 0) AS head FROM change_event")
                .map(row -> new Head(longValue(row, "head"))).one();
    }

    /**
     * A change's payload as a caller seeing only {@code visible} sites (null: all) may read it: a transfer touching
     * another tenant's site keeps what {@link TransferDisclosure} lets the partner see.
     */
    private static JsonNode visiblePayload(Set<Long> visible, String kind, Long siteId, Long otherSiteId,
                                           JsonNode payload) {
        if (visible == null || !"transfer".equals(kind) || !(payload instanceof ObjectNode object)
                || !object.has("transfer")) {
            return payload;
        }
        boolean seesFrom = siteId != null && visible.contains(siteId);
        boolean seesTo = otherSiteId != null && visible.contains(otherSiteId);
        JsonNode transfer = TransferDisclosure.changeVisibleTo(seesFrom, seesTo, object.get("transfer"));
        if (transfer == object.get("transfer")) {
            return payload;
        }
        ObjectNode copy = object.deepCopy();
        copy.set("transfer", transfer);
        return copy;
    }

    /**
     * The visible changes after a position. The head is read first, so every position up to it is already visible
     * when the changes are read: a page shorter than asked for has shown the caller everything up to the head, and its
     * cursor moves there, past the changes a partner may not see. A stored event that stands for several shortage
     * report changes (one per statement of an ingest, migration V42) is expanded into them, each at its own position.
     */
    Mono<ChangePage> page(Long[] visibleSites, long after, int size) {
        // the head and the changes come from one server, so that the cursor never passes a change it has not shown
        DatabaseClient db = reads.client();
        Set<Long> visible = visibleSites == null ? null : Set.of(visibleSites);
        return head(db).flatMap(head -> FilteredQuery.select("WITH e AS MATERIALIZED (SELECT position, span, at, kind, "
                        + "entity_key, payload, report_ids, report_versions, site_id, other_site_id FROM change_event")
                .where("position > :after", "after", after)
                .where("(site_id = ANY(:visibleSites) OR other_site_id = ANY(:visibleSites) "
                        + "OR (site_id IS NULL AND other_site_id IS NULL))", "visibleSites", visibleSites)
                .then("ORDER BY position LIMIT :limit) "
                        + "SELECT position, at, kind, entity_key, payload::text AS payload, site_id, other_site_id "
                        + "FROM e "
                        + "WHERE report_ids IS NULL "
                        + "UNION ALL SELECT c.change_position, e.at, e.kind, c.change_key, c.change_payload::text, "
                        + "NULL::bigint, NULL::bigint "
                        + "FROM e "
                        + "CROSS JOIN LATERAL shortage_report_changes(e.position, e.span, e.report_ids, "
                        + "e.report_versions, :after, :limit) c WHERE e.report_ids IS NOT NULL "
                        + "ORDER BY 1 LIMIT :limit", "limit", size)
                .fetch(db, row -> new Change(longValue(row, "position"), timestamp(row, "at"), string(row, "kind"),
                        string(row, "entity_key"), visiblePayload(visible, string(row, "kind"),
                                nullableLong(row, "site_id"), nullableLong(row, "other_site_id"),
                                json.readTree(string(row, "payload")))))
                .collectList()
                .map(found -> {
                    long last = found.isEmpty() ? after : found.get(found.size() - 1).position();
                    long next = found.size() < size ? Math.max(last, Math.max(after, head.position())) : last;
                    return new ChangePage(found, next, found.isEmpty() ? head.position()
                            : Math.max(head.position(), last));
                }));
    }
}
