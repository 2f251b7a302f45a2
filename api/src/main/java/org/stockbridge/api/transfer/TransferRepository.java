package org.stockbridge.api.transfer;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.nullableLong;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.strings;
import static org.stockbridge.api.persistence.Columns.timestamp;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.PageRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes of transfers, their approvals and their history. */
@Repository
class TransferRepository {

    private static final String SELECT = """
            SELECT t.id, t.state, t.from_site_id, t.to_site_id, t.product_id, t.lot_id, t.quantity, t.packs,
                   t.pack_size, t.cross_border, t.approvals_required, t.crossings, t.transit_days, t.cost,
                   t.dispatch_on, t.arrives_on, t.explanation::text AS explanation, t.created_at, t.created_by,
                   t.dispatched_at, t.dispatched_quantity, t.dispatch_movement_id, t.received_at, t.received_quantity,
                   t.lost_quantity, t.receipt_movement_id, t.receipt_note, t.cancelled_at, t.cancelled_by,
                   t.cancel_reason, t.version,
                   f.code AS from_code, f.name AS from_name, f.jurisdiction AS from_jurisdiction,
                   d.code AS to_code, d.name AS to_name, d.jurisdiction AS to_jurisdiction,
                   p.code AS product_code, p.name AS product_name,
                   l.lot_number, l.labelled_expiry, l.extended_expiry,
                   (SELECT coalesce(json_agg(json_build_object('jurisdiction', a.jurisdiction, 'by', a.approved_by,
                                                               'at', a.approved_at)
                                             ORDER BY a.approved_at, a.jurisdiction), '[]'::json)::text
                      FROM transfer_approval a WHERE a.transfer_id = t.id) AS approvals
              FROM transfer t
              JOIN site f ON f.id = t.from_site_id
              JOIN site d ON d.id = t.to_site_id
              JOIN product p ON p.id = t.product_id
              JOIN lot l ON l.id = t.lot_id""";

    private final DatabaseClient client;
    private final JsonMapper json;

    TransferRepository(DatabaseClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** A stored transfer with the ids the workflow needs. */
    record Row(TransferView view, long fromSiteId, long toSiteId, long productId, long lotId) {

        TransferState state() {
            return TransferState.valueOf(view.state());
        }
    }

    /** Stores a RECOMMENDED transfer and the first line of its history; returns its id. */
    Mono<Long> insert(NewTransfer t, String actor) {
        GenericExecuteSpec spec = client.sql("""
                        INSERT INTO transfer (from_site_id, to_site_id, product_id, lot_id, quantity, packs, pack_size,
                                              cross_border, approvals_required, crossings, transit_days, cost,
                                              dispatch_on, arrives_on, explanation, created_by)
                        VALUES (:from, :to, :product, :lot, :quantity, :packs, :packSize, :crossBorder, :required,
                                :crossings, :transitDays, :cost, :dispatchOn, :arrivesOn, CAST(:explanation AS jsonb),
                                :actor)
                        RETURNING id""")
                .bind("from", t.fromSiteId()).bind("to", t.toSiteId()).bind("product", t.productId())
                .bind("lot", t.lotId()).bind("quantity", t.quantity()).bind("packs", t.packs())
                .bind("packSize", t.packSize()).bind("crossBorder", t.crossBorder())
                .bind("required", t.approvalsRequired().toArray(String[]::new))
                .bind("crossings", t.crossings().toArray(String[]::new))
                .bind("explanation", t.explanationJson()).bind("actor", actor);
        spec = nullable(spec, "transitDays", t.transitDays(), Integer.class);
        spec = nullable(spec, "cost", t.cost(), BigDecimal.class);
        spec = nullable(spec, "dispatchOn", t.dispatchOn(), java.time.LocalDate.class);
        spec = nullable(spec, "arrivesOn", t.arrivesOn(), java.time.LocalDate.class);
        return spec.map(row -> longValue(row, "id")).one()
                .flatMap(id -> event(id, "RECOMMENDED", actor, null, TransferState.RECOMMENDED, Map.of())
                        .thenReturn(id));
    }

    Mono<Row> find(long id) {
        return client.sql(SELECT + " WHERE t.id = :id").bind("id", id).map(this::row).one();
    }

    /** The transfer, locked until the transaction ends, so that its changes are serialised. */
    Mono<Row> lock(long id) {
        return client.sql(SELECT + " WHERE t.id = :id FOR UPDATE OF t").bind("id", id).map(this::row).one();
    }

    /**
     * A page of transfers; {@code siteCode} matches either end, but for a caller who sees only {@code visibleSites}
     * only an end it sees (else the filter would tell a partner which of its transfers another tenant's site is the
     * hidden end of).
     */
    Flux<Keyed<Row>> list(TransferState state, String siteCode, Long[] visibleSites, PageRequest page) {
        return FilteredQuery.select(SELECT)
                .where("t.id > :after", "after", page.cursor().afterKey())
                .where("t.state = :state", "state", state == null ? null : state.name())
                .where(visibleSites == null ? "(f.code = :site OR d.code = :site)"
                        : "((f.code = :site AND t.from_site_id = ANY(:visible)) "
                        + "OR (d.code = :site AND t.to_site_id = ANY(:visible)))", "site", siteCode)
                .where("(t.from_site_id = ANY(:visible) OR t.to_site_id = ANY(:visible))", "visible", visibleSites)
                .then("ORDER BY t.id LIMIT :limit", "limit", page.fetchSize())
                .fetch(client, row -> new Keyed<>(longValue(row, "id"), row(row)));
    }

    Flux<TransferView.Event> history(long id) {
        return client.sql("SELECT at, kind, actor, from_state, to_state, details::text AS details FROM transfer_event "
                        + "WHERE transfer_id = :id ORDER BY id")
                .bind("id", id)
                .map(row -> new TransferView.Event(timestamp(row, "at"), string(row, "kind"), string(row, "actor"),
                        string(row, "from_state"), string(row, "to_state"), json.readTree(string(row, "details"))))
                .all();
    }

    Mono<Void> approve(long id, String jurisdiction, String actor) {
        return client.sql("INSERT INTO transfer_approval (transfer_id, jurisdiction, approved_by) "
                        + "VALUES (:id, :jurisdiction, :actor)")
                .bind("id", id).bind("jurisdiction", jurisdiction).bind("actor", actor)
                .then();
    }

    Mono<Void> changeState(long id, TransferState state) {
        return client.sql("UPDATE transfer SET state = :state, version = version + 1, updated_at = clock_timestamp() "
                        + "WHERE id = :id")
                .bind("id", id).bind("state", state.name())
                .then();
    }

    Mono<Void> dispatched(long id, OffsetDateTime at, long quantity, long movementId) {
        return client.sql("UPDATE transfer SET state = 'DISPATCHED', dispatched_at = :at, dispatched_quantity = :quantity, "
                        + "dispatch_movement_id = :movement, version = version + 1, updated_at = clock_timestamp() "
                        + "WHERE id = :id")
                .bind("id", id).bind("at", at).bind("quantity", quantity).bind("movement", movementId)
                .then();
    }

    Mono<Void> received(long id, OffsetDateTime at, long received, long lost, Long movementId, String note) {
        GenericExecuteSpec spec = client.sql("UPDATE transfer SET state = 'RECEIVED', received_at = :at, "
                        + "received_quantity = :received, lost_quantity = :lost, receipt_movement_id = :movement, "
                        + "receipt_note = :note, version = version + 1, updated_at = clock_timestamp() WHERE id = :id")
                .bind("id", id).bind("at", at).bind("received", received).bind("lost", lost);
        spec = nullable(spec, "movement", movementId, Long.class);
        spec = nullable(spec, "note", note, String.class);
        return spec.then();
    }

    Mono<Void> cancelled(long id, OffsetDateTime at, String by, String reason) {
        return client.sql("UPDATE transfer SET state = 'CANCELLED', cancelled_at = :at, cancelled_by = :by, "
                        + "cancel_reason = :reason, version = version + 1, updated_at = clock_timestamp() WHERE id = :id")
                .bind("id", id).bind("at", at).bind("by", by).bind("reason", reason)
                .then();
    }

    Mono<Void> event(long id, String kind, String actor, TransferState from, TransferState to, Map<String, ?> details) {
        GenericExecuteSpec spec = client.sql("INSERT INTO transfer_event (transfer_id, kind, actor, from_state, "
                        + "to_state, details) VALUES (:id, :kind, :actor, :from, :to, CAST(:details AS jsonb))")
                .bind("id", id).bind("kind", kind).bind("actor", actor).bind("to", to.name())
                .bind("details", json.writeValueAsString(details));
        spec = nullable(spec, "from", from == null ? null : from.name(), String.class);
        return spec.then();
    }

    private Row row(Readable row) {
        OffsetDateTime dispatchedAt = timestamp(row, "dispatched_at");
        OffsetDateTime receivedAt = timestamp(row, "received_at");
        OffsetDateTime cancelledAt = timestamp(row, "cancelled_at");
        TransferView view = new TransferView(longValue(row, "id"), string(row, "state"),
                new TransferView.Place(string(row, "from_code"), string(row, "from_name"),
                        string(row, "from_jurisdiction")),
                new TransferView.Place(string(row, "to_code"), string(row, "to_name"), string(row, "to_jurisdiction")),
                new TransferView.Product(string(row, "product_code"), string(row, "product_name")),
                new TransferView.Lot(string(row, "lot_number"), date(row, "labelled_expiry"),
                        date(row, "extended_expiry")),
                longValue(row, "quantity"), row.get("packs", Integer.class), row.get("pack_size", Integer.class),
                bool(row, "cross_border"), strings(row, "crossings"), row.get("transit_days", Integer.class),
                row.get("cost", BigDecimal.class), date(row, "dispatch_on"), date(row, "arrives_on"),
                strings(row, "approvals_required"),
                Arrays.asList(json.readValue(string(row, "approvals"), TransferView.Approval[].class)),
                dispatchedAt == null ? null : new TransferView.Dispatch(dispatchedAt,
                        longValue(row, "dispatched_quantity"), longValue(row, "dispatch_movement_id")),
                receivedAt == null ? null : new TransferView.Receipt(receivedAt, longValue(row, "received_quantity"),
                        longValue(row, "lost_quantity"), nullableLong(row, "receipt_movement_id"),
                        string(row, "receipt_note")),
                cancelledAt == null ? null : new TransferView.Cancellation(cancelledAt, string(row, "cancelled_by"),
                        string(row, "cancel_reason")),
                json.readTree(string(row, "explanation")), timestamp(row, "created_at"), string(row, "created_by"),
                longValue(row, "version"), null);
        return new Row(view, longValue(row, "from_site_id"), longValue(row, "to_site_id"), longValue(row, "product_id"),
                longValue(row, "lot_id"));
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }
}
