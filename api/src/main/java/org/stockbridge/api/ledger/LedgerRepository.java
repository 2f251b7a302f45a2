package org.stockbridge.api.ledger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.CoalescedLookups;
import org.stockbridge.api.persistence.SqlResources;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ledger.LotStatus;
import org.stockbridge.domain.ledger.LotStock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes of the ledger tables. Every write of stock goes through {@code post_movement}. */
@Repository
class LedgerRepository {

    private static final SqlResources.Template BALANCE = SqlResources.template("org/stockbridge/api/ledger/balance.sql");
    private static final String ANY_SITE = BALANCE.sql(Set.of());
    private static final String VISIBLE_SITES = BALANCE.sql(Set.of("visible"));
    private static final SqlResources.Template BALANCES =
            SqlResources.template("org/stockbridge/api/ledger/balances.sql");
    private static final String MANY_ANY_SITE = BALANCES.sql(Set.of());
    private static final String MANY_VISIBLE_SITES = BALANCES.sql(Set.of("visible"));
    /**
     * Balance reads: two batches at once, of at most 64 reads each; at most 10,000 waiting; a batch that has not
     * answered in 30 s (the pool's wait for a connection) fails its reads (503). Two, not three or four: on 2 cores
     * with 16 clients more batches at once made them so small that the per-query cost came back; one and two were not
     * clearly apart (ADR 0019).
     */
    private static final CoalescedLookups.Limits BALANCE_READS = new CoalescedLookups.Limits(2, 64, 10_000,
            Duration.ofSeconds(30));

    private final DatabaseClient client;

    private final Timer posting;

    private final CoalescedLookups<BalanceKey, BalanceView> balanceReads;

    LedgerRepository(DatabaseClient client, MeterRegistry meters) {
        // post_movement takes the lot's balance row lock first: its time is dominated by waits for that lock when
        // writers contend for one lot, so this timer is where ledger lock waits show
        this.posting = Timer.builder("stockbridge.ledger.post").description("Time in post_movement per ledger line, "
                + "waits for the balance row lock included").publishPercentileHistogram().register(meters);
        this.client = client;
        DistributionSummary batches = DistributionSummary.builder("stockbridge.ledger.balance.batch")
                .description("Balance reads answered together (one statement per set of sites the callers may see)")
                .register(meters);
        this.balanceReads = new CoalescedLookups<>(this::balances, BALANCE_READS, batches::record,
                LedgerRepository::dataException,
                reason -> new DataAccessResourceFailureException("balance reads cannot be answered now: " + reason));
    }

    /**
     * The balance of one lot at a site; empty when there is none, or when {@code visibleSites} is given and the site
     * is not among them. Balance reads that arrive together are answered together ({@link CoalescedLookups}): a lone
     * read runs {@code balance.sql} beside this class (also what the benchmark's raw-SQL baseline runs), several run
     * {@code balances.sql}, one query for the reads of the same visible sites.
     */
    Mono<BalanceView> balance(String site, String product, String lot, Long[] visibleSites) {
        return balanceReads.get(new BalanceKey(site, product, lot, visibleSites == null ? null
                : List.of(visibleSites)));
    }

    /** One balance read: a lot at a site, for a caller who sees every site ({@code visibleSites} null) or these. */
    private record BalanceKey(String site, String product, String lot, List<Long> visibleSites) {
    }

    private Mono<List<BalanceView>> balances(List<BalanceKey> keys) {
        if (keys.size() == 1) {
            BalanceKey key = keys.get(0);
            GenericExecuteSpec spec = key.visibleSites() == null ? client.sql(ANY_SITE)
                    : client.sql(VISIBLE_SITES).bind(3, key.visibleSites().toArray(Long[]::new));
            return spec.bind(0, key.site()).bind(1, key.product()).bind(2, key.lot())
                    .map(row -> balanceView(key, row))
                    .one()
                    .map(List::of)
                    .defaultIfEmpty(Collections.singletonList(null));
        }
        Map<List<Long>, List<Integer>> byVisibility = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byVisibility.computeIfAbsent(keys.get(i).visibleSites(), visible -> new ArrayList<>()).add(i);
        }
        AtomicReferenceArray<BalanceView> answers = new AtomicReferenceArray<>(keys.size());
        return Flux.fromIterable(byVisibility.entrySet())
                .flatMap(group -> {
                    List<Integer> positions = group.getValue();
                    GenericExecuteSpec spec = group.getKey() == null ? client.sql(MANY_ANY_SITE)
                            : client.sql(MANY_VISIBLE_SITES).bind(3, group.getKey().toArray(Long[]::new));
                    return spec.bind(0, positions.stream().map(i -> keys.get(i).site()).toArray(String[]::new))
                            .bind(1, positions.stream().map(i -> keys.get(i).product()).toArray(String[]::new))
                            .bind(2, positions.stream().map(i -> keys.get(i).lot()).toArray(String[]::new))
                            .map(row -> {
                                int at = positions.get(row.get("i", Long.class).intValue() - 1);
                                answers.set(at, balanceView(keys.get(at), row));
                                return at;
                            })
                            .all();
                })
                .then(Mono.fromSupplier(() -> {
                    List<BalanceView> inOrder = new ArrayList<>(keys.size());
                    for (int i = 0; i < keys.size(); i++) {
                        inOrder.add(answers.get(i));
                    }
                    return inOrder;
                }));
    }

    /**
     * Whether a batch's error may be one key's: PostgreSQL's data exceptions (SQLSTATE class 22, such as a text it
     * cannot store), which a value bound for one read can cause. Anything else (the SQL itself, the connection) would
     * fail each read alone the same way.
     */
    static boolean dataException(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc) {
                return r2dbc.getSqlState() != null && r2dbc.getSqlState().startsWith("22");
            }
        }
        return false;
    }

    private static BalanceView balanceView(BalanceKey key, Readable row) {
        return new BalanceView(key.site(), key.product(), key.lot(), row.get("on_hand", Long.class),
                row.get("version", Long.class), row.get("updated_at", OffsetDateTime.class),
                row.get("last_movement_id", Long.class), row.get("labelled_expiry", LocalDate.class),
                row.get("extended_expiry", LocalDate.class), row.get("status", String.class));
    }

    Mono<ProductRef> product(String code) {
        return client.sql("SELECT id, code FROM product WHERE code = :code")
                .bind("code", code)
                .map(row -> new ProductRef(row.get("id", Long.class), row.get("code", String.class)))
                .one();
    }

    Mono<LotStock> lot(long productId, String number) {
        return client.sql("SELECT id, lot_number, labelled_expiry, extended_expiry, status, 0::bigint AS on_hand "
                        + "FROM lot WHERE product_id = :product AND lot_number = :number")
                .bind("product", productId)
                .bind("number", number)
                .map(LedgerRepository::lotStock)
                .one();
    }

    /**
     * Creates the lot unless it exists (a concurrent receipt may create it first), recording who created it and at
     * which site; returns the lot either way.
     */
    Mono<LotStock> createLot(long productId, String number, LocalDate expiry, LocalDate extendedExpiry, String actor,
                             long siteId, boolean byPartner) {
        GenericExecuteSpec spec = client.sql("INSERT INTO lot (product_id, lot_number, labelled_expiry, extended_expiry, "
                        + "created_by, created_site_id, dates_from_partner) "
                        + "VALUES (:product, :number, :expiry, :extended, :actor, :site, :partner) "
                        + "ON CONFLICT (product_id, lot_number) DO NOTHING")
                .bind("product", productId)
                .bind("number", number)
                .bind("expiry", expiry)
                .bind("actor", actor)
                .bind("site", siteId)
                .bind("partner", byPartner);
        spec = extendedExpiry == null ? spec.bindNull("extended", LocalDate.class) : spec.bind("extended", extendedExpiry);
        return spec.then().then(lot(productId, number));
    }

    /** The lots of a product at a site that hold stock, their balances locked until the transaction ends. */
    Flux<LotStock> lockLotsWithStock(long siteId, long productId) {
        return client.sql("SELECT l.id, l.lot_number, l.labelled_expiry, l.extended_expiry, l.status, b.on_hand "
                        + "FROM balance b JOIN lot l ON l.id = b.lot_id "
                        + "WHERE b.site_id = :site AND b.product_id = :product AND b.on_hand > 0 "
                        + "ORDER BY l.id FOR UPDATE OF b")
                .bind("site", siteId)
                .bind("product", productId)
                .map(LedgerRepository::lotStock)
                .all();
    }

    /**
     * Locks the balance of one lot at a site until the transaction ends, so no other line of it is written meanwhile;
     * when the lot has no balance there yet, the pair's advisory lock stands in for the row (the lock the first lines
     * of a pair take in {@code post_movement}).
     */
    Mono<Void> lockBalance(long siteId, long productId, long lotId) {
        return selectForUpdate(siteId, productId, lotId)
                .switchIfEmpty(Mono.defer(() -> client.sql("SELECT lock_new_balance(:site, :lot)")
                        .bind("site", siteId)
                        .bind("lot", lotId)
                        .then()
                        .then(selectForUpdate(siteId, productId, lotId))))
                .then();
    }

    private Mono<Long> selectForUpdate(long siteId, long productId, long lotId) {
        return client.sql("SELECT on_hand FROM balance WHERE site_id = :site AND product_id = :product "
                        + "AND lot_id = :lot FOR UPDATE")
                .bind("site", siteId)
                .bind("product", productId)
                .bind("lot", lotId)
                .map(row -> row.get("on_hand", Long.class))
                .one();
    }

    /**
     * The stock of one lot at a site as of an instant: its balance less every line dated after that instant (0 when
     * the lot never held stock there); its balance when {@code at} is null (now).
     */
    Mono<Long> stockAsOf(long siteId, long productId, long lotId, OffsetDateTime at) {
        if (at == null) {
            return selectForUpdate(siteId, productId, lotId).defaultIfEmpty(0L);
        }
        return client.sql("SELECT coalesce((SELECT on_hand FROM balance WHERE site_id = :site AND product_id = :product "
                        + "AND lot_id = :lot), 0) - coalesce((SELECT sum(quantity) FROM movement WHERE lot_id = :lot "
                        + "AND site_id = :site AND product_id = :product AND occurred_at > :at), 0) AS as_of")
                .bind("site", siteId)
                .bind("product", productId)
                .bind("lot", lotId)
                .bind("at", at)
                .map(row -> row.get("as_of", Long.class))
                .one();
    }

    /**
     * Sets a lot's dates, when a partner system set them, to the ones an agency names (an extended expiry of
     * {@code null}: none), and marks them the agency's (V61). The balances of the lot follow (V57's trigger). Returns
     * the lot as stored after it, set or not (another agency may have set the dates first: the caller compares again).
     */
    Mono<LotStock> replacePartnerDates(long productId, String number, long lotId, LocalDate expiry,
                                       LocalDate extendedExpiry) {
        GenericExecuteSpec spec = client.sql("UPDATE lot SET labelled_expiry = :expiry, extended_expiry = :extended, "
                        + "dates_from_partner = false WHERE id = :lot AND dates_from_partner")
                .bind("lot", lotId)
                .bind("expiry", expiry);
        spec = extendedExpiry == null ? spec.bindNull("extended", LocalDate.class)
                : spec.bind("extended", extendedExpiry);
        return spec.then().then(lot(productId, number));
    }

    /** Whether a partner system set the lot's dates (V61). */
    Mono<Boolean> datesFromPartner(long lotId) {
        return client.sql("SELECT dates_from_partner FROM lot WHERE id = :lot").bind("lot", lotId)
                .map(row -> Boolean.TRUE.equals(row.get("dates_from_partner", Boolean.class))).one();
    }

    /** Who first recorded a lot, and at which site; empty when not known. */
    Mono<LotOrigin> lotOrigin(long lotId) {
        return client.sql("SELECT l.created_by, l.created_site_id, s.code FROM lot l JOIN site s ON s.id = "
                        + "l.created_site_id WHERE l.id = :lot AND l.created_by IS NOT NULL")
                .bind("lot", lotId)
                .map(row -> new LotOrigin(row.get("created_by", String.class), row.get("created_site_id", Long.class),
                        row.get("code", String.class)))
                .one();
    }

    /** The database's clock, the one that dates undated lines. */
    Mono<OffsetDateTime> now() {
        return client.sql("SELECT clock_timestamp() AS now").map(row -> row.get("now", OffsetDateTime.class)).one();
    }

    /** The lots with a balance at a site (any on hand), as of an instant (null: now), their balances locked. */
    Flux<SiteLot> lockSiteLotsAsOf(long siteId, OffsetDateTime at) {
        String later = at == null ? "0" : "coalesce((SELECT sum(m.quantity) FROM movement m WHERE m.lot_id = b.lot_id "
                + "AND m.site_id = b.site_id AND m.product_id = b.product_id AND m.occurred_at > :at), 0)";
        GenericExecuteSpec spec = client.sql("SELECT b.product_id, p.code AS product, b.lot_id, l.lot_number, "
                        + "b.on_hand - " + later + " AS on_hand "
                        + "FROM balance b JOIN product p ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id "
                        + "WHERE b.site_id = :site ORDER BY b.product_id, b.lot_id FOR UPDATE OF b")
                .bind("site", siteId);
        return (at == null ? spec : spec.bind("at", at))
                .map(row -> new SiteLot(row.get("product_id", Long.class), row.get("product", String.class),
                        row.get("lot_id", Long.class), row.get("lot_number", String.class),
                        row.get("on_hand", Long.class)))
                .all();
    }

    /** Posts one line through {@code post_movement}; a null {@code occurredAt} lets the ledger date it. */
    Mono<Posted> post(long siteId, long productId, long lotId, String type, long quantity, String reason,
                      OffsetDateTime occurredAt, String actor, String documentRef, Long priorOnHand, Long reverses) {
        GenericExecuteSpec spec = client.sql("SELECT movement_id, recorded_at, occurred_at, on_hand, version FROM post_movement("
                        + ":site, :product, :lot, :type, :quantity, :reason, :occurred, :actor, :document, :prior, :reverses)")
                .bind("site", siteId)
                .bind("product", productId)
                .bind("lot", lotId)
                .bind("type", type)
                .bind("quantity", quantity)
                .bind("actor", actor);
        spec = nullable(spec, "occurred", occurredAt, OffsetDateTime.class);
        spec = nullable(spec, "reason", reason, String.class);
        spec = nullable(spec, "document", documentRef, String.class);
        spec = nullable(spec, "prior", priorOnHand, Long.class);
        spec = nullable(spec, "reverses", reverses, Long.class);
        return spec.map(row -> new Posted(row.get("movement_id", Long.class), row.get("recorded_at", OffsetDateTime.class),
                        row.get("occurred_at", OffsetDateTime.class), row.get("on_hand", Long.class),
                        row.get("version", Long.class)))
                .one()
                .transform(posted -> Mono.defer(() -> {
                    Timer.Sample started = Timer.start();
                    return posted.doFinally(signal -> started.stop(posting));
                }));
    }

    Mono<StoredMovement> movement(long id) {
        return client.sql("SELECT m.id, m.site_id, s.code AS site, s.jurisdiction, m.product_id, p.code AS product, "
                        + "m.lot_id, "
                        + "l.lot_number, m.type, m.quantity, "
                        + "(SELECT r.id FROM movement r WHERE r.reverses_id = m.id) AS reversed_by "
                        + "FROM movement m JOIN site s ON s.id = m.site_id JOIN product p ON p.id = m.product_id "
                        + "JOIN lot l ON l.id = m.lot_id WHERE m.id = :id")
                .bind("id", id)
                .map(row -> new StoredMovement(row.get("id", Long.class), row.get("site_id", Long.class),
                        row.get("site", String.class), Jurisdiction.valueOf(row.get("jurisdiction", String.class)),
                        row.get("product_id", Long.class), row.get("product", String.class),
                        row.get("lot_id", Long.class), row.get("lot_number", String.class), row.get("type", String.class),
                        row.get("quantity", Long.class), row.get("reversed_by", Long.class)))
                .one();
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static LotStock lotStock(Readable row) {
        return new LotStock(row.get("id", Long.class), row.get("lot_number", String.class),
                row.get("labelled_expiry", LocalDate.class), row.get("extended_expiry", LocalDate.class),
                LotStatus.valueOf(row.get("status", String.class)), row.get("on_hand", Long.class));
    }

    record ProductRef(long id, String code) {
    }

    record Posted(long id, OffsetDateTime recordedAt, OffsetDateTime occurredAt, long onHand, long version) {
    }

    record LotOrigin(String createdBy, long siteId, String siteCode) {
    }

    record SiteLot(long productId, String product, long lotId, String lotNumber, long onHand) {
    }

    record StoredMovement(long id, long siteId, String site, Jurisdiction jurisdiction, long productId, String product,
                          long lotId,
                          String lotNumber, String type, long quantity, Long reversedBy) {
    }
}
