package org.stockbridge.api.transfer;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.timestamp;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.domain.Jurisdiction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes of lanes, border crossings and the lane region of each site. */
@Repository
class LaneRepository {

    private static final String LANE = """
            SELECT l.from_code, l.to_code, l.transit_days, l.cost_per_unit, l.distance_km, l.version, l.updated_at,
                   l.updated_by, row_number() OVER (ORDER BY l.from_code, l.to_code) AS ordinal,
                   CASE WHEN EXISTS (SELECT 1 FROM lane_region r WHERE r.code = l.from_code) THEN 'REGION' ELSE 'SITE' END
                       AS from_kind,
                   CASE WHEN EXISTS (SELECT 1 FROM lane_region r WHERE r.code = l.to_code) THEN 'REGION' ELSE 'SITE' END
                       AS to_kind
              FROM lane l""";
    private static final String CROSSING = """
            SELECT name, us_port, ca_port, us_region, ca_region, delay_days, open, note, version, updated_at, updated_by
              FROM border_crossing""";

    private final DatabaseClient client;

    LaneRepository(DatabaseClient client) {
        this.client = client;
    }

    /** Every lane and crossing as they are now. */
    Mono<LaneTable> table() {
        Mono<List<LaneTable.Lane>> lanes = client.sql("SELECT from_code, to_code, transit_days, cost_per_unit FROM lane")
                .map(row -> new LaneTable.Lane(string(row, "from_code"), string(row, "to_code"),
                        row.get("transit_days", Integer.class), row.get("cost_per_unit", BigDecimal.class).doubleValue()))
                .all().collectList();
        Mono<List<LaneTable.Crossing>> crossings = client.sql(CROSSING).map(row -> new LaneTable.Crossing(
                        string(row, "name"), string(row, "us_region"), string(row, "ca_region"),
                        row.get("delay_days", Integer.class), bool(row, "open")))
                .all().collectList();
        return Mono.zip(lanes, crossings, LaneTable::new);
    }

    /** Every site as lanes see it, by id: its lane region is its region, else its province or state. */
    Mono<Map<Long, LaneTable.Place>> places() {
        return client.sql("""
                        SELECT s.id, s.code, s.jurisdiction, coalesce(r1.code, r2.code) AS lane_region
                          FROM site s
                          LEFT JOIN lane_region r1 ON r1.code = s.region
                          LEFT JOIN lane_region r2 ON r2.code = s.state_province""")
                .map(row -> Map.entry(longValue(row, "id"), new LaneTable.Place(string(row, "code"),
                        string(row, "lane_region"), Jurisdiction.valueOf(string(row, "jurisdiction")))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    Flux<Keyed<LaneView>> lanes(String from, String to, PageRequest page) {
        return FilteredQuery.select("SELECT * FROM (" + LANE + ") lanes")
                .where("ordinal > :after", "after", page.cursor().afterKey())
                .where("from_code = :from", "from", from)
                .where("to_code = :to", "to", to)
                .then("ORDER BY ordinal LIMIT :limit", "limit", page.fetchSize())
                .fetch(client, row -> new Keyed<>(longValue(row, "ordinal"), lane(row)));
    }

    Mono<LaneView> lane(String from, String to) {
        return client.sql("SELECT * FROM (" + LANE + ") lanes WHERE from_code = :from AND to_code = :to")
                .bind("from", from).bind("to", to)
                .map(row -> lane(row)).one();
    }

    /** Whether a code names a lane region or a site: "REGION", "SITE", or empty. */
    Mono<String> kindOf(String code) {
        return client.sql("SELECT CASE WHEN EXISTS (SELECT 1 FROM lane_region WHERE code = :code) THEN 'REGION' "
                        + "WHEN EXISTS (SELECT 1 FROM site WHERE code = :code) THEN 'SITE' END AS kind")
                .bind("code", code)
                .map(row -> java.util.Optional.ofNullable(string(row, "kind")))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    Mono<Long> insertLane(String from, String to, int days, BigDecimal cost, String actor) {
        return client.sql("INSERT INTO lane (from_code, to_code, transit_days, cost_per_unit, updated_by) "
                        + "VALUES (:from, :to, :days, :cost, :actor)")
                .bind("from", from).bind("to", to).bind("days", days).bind("cost", cost).bind("actor", actor)
                .fetch().rowsUpdated();
    }

    Mono<Long> updateLane(String from, String to, int days, BigDecimal cost, long version, String actor) {
        return client.sql("UPDATE lane SET transit_days = :days, cost_per_unit = :cost, version = version + 1, "
                        + "updated_at = now(), updated_by = :actor "
                        + "WHERE from_code = :from AND to_code = :to AND version = :version")
                .bind("from", from).bind("to", to).bind("days", days).bind("cost", cost).bind("actor", actor)
                .bind("version", version)
                .fetch().rowsUpdated();
    }

    Flux<CrossingView> crossings() {
        return client.sql(CROSSING + " ORDER BY name").map(row -> crossing(row)).all();
    }

    Mono<CrossingView> crossing(String name) {
        return client.sql(CROSSING + " WHERE name = :name").bind("name", name).map(row -> crossing(row)).one();
    }

    Mono<Long> updateCrossing(String name, int delayDays, boolean open, String note, long version, String actor) {
        DatabaseClient.GenericExecuteSpec spec = client.sql("UPDATE border_crossing SET delay_days = :delay, "
                        + "open = :open, note = :note, version = version + 1, updated_at = now(), updated_by = :actor "
                        + "WHERE name = :name AND version = :version")
                .bind("name", name).bind("delay", delayDays).bind("open", open).bind("actor", actor)
                .bind("version", version);
        spec = note == null ? spec.bindNull("note", String.class) : spec.bind("note", note);
        return spec.fetch().rowsUpdated();
    }

    private static LaneView lane(Readable row) {
        return new LaneView(string(row, "from_code"), string(row, "from_kind"), string(row, "to_code"),
                string(row, "to_kind"), row.get("transit_days", Integer.class),
                row.get("cost_per_unit", BigDecimal.class), row.get("distance_km", Integer.class),
                longValue(row, "version"), timestamp(row, "updated_at"), string(row, "updated_by"));
    }

    private static CrossingView crossing(Readable row) {
        return new CrossingView(string(row, "name"), string(row, "us_port"), string(row, "ca_port"),
                string(row, "us_region"), string(row, "ca_region"), row.get("delay_days", Integer.class),
                bool(row, "open"), string(row, "note"), longValue(row, "version"), timestamp(row, "updated_at"),
                string(row, "updated_by"));
    }
}
