package org.stockbridge.api.stock;

import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.nullableLong;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.Cursor;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.domain.ledger.MovementType;
import reactor.core.publisher.Flux;

/** Reads of the movement ledger, newest first by (occurred at, id). */
@Repository
class MovementHistoryRepository {

    private final DatabaseClient client;

    MovementHistoryRepository(DatabaseClient client) {
        this.client = client;
    }

    Flux<Keyed<MovementHistoryLine>> find(MovementFilter filter, PageRequest page) {
        Cursor cursor = page.cursor();
        return FilteredQuery.select("""
                        SELECT m.id, s.code AS site, p.code AS product, l.lot_number, m.type, m.quantity, m.reason_code,
                               m.occurred_at, m.recorded_at, m.actor, m.document_ref, m.prior_on_hand, m.reverses_id,
                               r.id AS reversed_by
                          FROM movement m JOIN site s ON s.id = m.site_id JOIN product p ON p.id = m.product_id
                          JOIN lot l ON l.id = m.lot_id LEFT JOIN movement r ON r.reverses_id = m.id""")
                .where("s.code = :site", "site", filter.site())
                .where("p.code = :product", "product", filter.product())
                .where("l.lot_number = :lot", "lot", filter.lot())
                .where("m.type = ANY(:types)", "types", filter.types() == null ? null
                        : filter.types().stream().map(Enum::name).toArray(String[]::new))
                .where("m.occurred_at >= :from", "from", filter.from())
                .where("m.occurred_at < :to", "to", filter.to())
                .where("m.site_id = ANY(:visibleSites)", "visibleSites", filter.visibleSites())
                .where("(m.occurred_at, m.id) < (:afterOccurred, :afterId)", cursor.isStart() ? null
                        : Map.of("afterOccurred", fromMicros(cursor.afterKey(0)), "afterId", cursor.afterKey(1)))
                .then("ORDER BY m.occurred_at DESC, m.id DESC LIMIT :limit", "limit", page.fetchSize())
                .fetch(client, row -> {
                    MovementHistoryLine line = new MovementHistoryLine(longValue(row, "id"), string(row, "site"),
                            string(row, "product"), string(row, "lot_number"), string(row, "type"),
                            longValue(row, "quantity"), string(row, "reason_code"), timestamp(row, "occurred_at"),
                            timestamp(row, "recorded_at"), string(row, "actor"), string(row, "document_ref"),
                            nullableLong(row, "prior_on_hand"), nullableLong(row, "reverses_id"),
                            nullableLong(row, "reversed_by"));
                    return Keyed.of(line, micros(line.occurredAt()), line.id());
                });
    }

    /** PostgreSQL keeps timestamps to the microsecond, so the cursor does too. */
    static long micros(OffsetDateTime at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant());
    }

    static OffsetDateTime fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** Optional filters; null means any. {@code to} is exclusive; visibleSites limits a partner to its sites. */
    record MovementFilter(String site, String product, String lot, List<MovementType> types, OffsetDateTime from,
                          OffsetDateTime to, Long[] visibleSites) {
    }
}
