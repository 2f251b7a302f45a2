package org.stockbridge.api.stock;

import static org.stockbridge.api.persistence.Columns.timestamp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.stockbridge.api.fleet.FleetLock;
import org.stockbridge.api.fleet.FleetLocks;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.web.PageRequest;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The national summary for callers not limited to sites, read from a rollup (V54) that one replica of the fleet
 * rebuilds every {@code stockbridge.stock.summary-refresh}: in one transaction holding the
 * {@link FleetLock#STOCK_SUMMARY_ROLLUP} advisory lock, the rows are deleted and the whole summary (every entry, for
 * no kind filter and for each kind) inserted again, with the time and UTC day it describes. A read is then a keyed read
 * of one page of rows. A rollup older than {@link RollupServing#MAX_AGE_INTERVALS} intervals, or of another UTC day, or
 * one that cannot answer an ATC filter exactly, is not served: the caller computes the summary live instead
 * (docs/adr, the national summary reads a rollup). A zero interval turns the rollup off. The same transaction first
 * rebuilds the per-(site, product) rollup ({@link SiteRollup}) that the by-site map and the below-policy list read, so
 * the one stamp describes both.
 *
 * <p>Each refresh is timed ({@code stockbridge.stock.summary.refresh}, tagged {@code outcome}: rebuilt, skipped when
 * another replica held the lock, failed), and each read of a caller the rollup may answer is counted by where its
 * answer came from ({@code stockbridge.stock.summary.reads}, tagged {@code source}: rollup or live), which is what an
 * operator watches: a rollup is stamped with its rebuild's start, so a rebuild taking T seconds goes live T seconds
 * old and is served for at most three intervals less T; one taking more than half of that bound is logged as a
 * warning, since back-to-back rebuilds then leave gaps in which every summary is live.
 */
@Component
class SummaryRollup implements DisposableBean {

    static final String ALL_KINDS = "*";

    private static final Logger log = LoggerFactory.getLogger(SummaryRollup.class);

    // Built from the per-site rollup the same transaction has just written (SiteRollup.REBUILD): its rows with stock
    // are the entries' (site, product) positions, and its issues of every pair are the window's, so the balances and
    // the window's day totals are read once per refresh, not twice.
    private static final String REBUILD = """
            INSERT INTO stock_summary_rollup (product_kind, entry_kind, entry_id, atc_codes, us_on_hand,
                   us_usable_on_hand, us_sites, us_products, ca_on_hand, ca_usable_on_hand, ca_sites, ca_products,
                   units, us_issued, ca_issued)
            WITH h AS (
                SELECT CASE WHEN p.equivalence_group_id IS NULL THEN 1 ELSE 0 END AS entry_kind,
                       coalesce(p.equivalence_group_id, p.id) AS entry_id, p.kind AS product_kind,
                       coalesce(g.atc_code, p.atc_code) AS atc_code, p.code AS product_code, p.unit_of_issue,
                       s.jurisdiction, s.id AS site_id, r.on_hand, r.usable_on_hand
                  FROM stock_site_rollup r JOIN site s ON s.id = r.site_id
                  JOIN product p ON p.id = r.product_id
                  LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id
                 WHERE r.on_hand > 0
            ), e AS (
                SELECT CASE WHEN grouping(h.product_kind) = 1 THEN '%s' ELSE h.product_kind END AS product_kind,
                       h.entry_kind, h.entry_id,
                       array_agg(DISTINCT h.atc_code) AS atc_codes,
                       %s
                  FROM h
                 GROUP BY GROUPING SETS ((h.entry_kind, h.entry_id, h.product_kind), (h.entry_kind, h.entry_id))
            ), c AS (
                SELECT CASE WHEN mp.equivalence_group_id IS NULL THEN 1 ELSE 0 END AS entry_kind,
                       coalesce(mp.equivalence_group_id, mp.id) AS entry_id,
                       sum(r.issued) FILTER (WHERE ms.jurisdiction = 'US')::bigint AS us_issued,
                       sum(r.issued) FILTER (WHERE ms.jurisdiction = 'CA')::bigint AS ca_issued
                  FROM stock_site_rollup r JOIN product mp ON mp.id = r.product_id JOIN site ms ON ms.id = r.site_id
                 GROUP BY 1, 2
            )
            SELECT e.product_kind, e.entry_kind, e.entry_id, e.atc_codes, e.us_on_hand, e.us_usable_on_hand,
                   e.us_sites, e.us_products, e.ca_on_hand, e.ca_usable_on_hand, e.ca_sites, e.ca_products, e.units,
                   coalesce(c.us_issued, 0), coalesce(c.ca_issued, 0)
              FROM e LEFT JOIN c ON c.entry_kind = e.entry_kind AND c.entry_id = e.entry_id
            """.formatted(ALL_KINDS, StockRepository.ENTRY_TOTALS);

    private static final String STAMP = """
            INSERT INTO stock_summary_refresh (refreshed_at, day, entries) VALUES (now(), :day, :entries)
            ON CONFLICT (singleton) DO UPDATE SET refreshed_at = excluded.refreshed_at, day = excluded.day,
                   entries = excluded.entries""";

    private static final String ANALYZE = "ANALYZE stock_site_rollup, stock_summary_rollup";
    // TRUNCATE false: returning the emptied half of the pages to the file system would take an ACCESS EXCLUSIVE lock,
    // which a streaming replica replays, cancelling its readers of the rollups; SKIP_LOCKED: never wait behind another
    // maintenance of the tables.
    private static final String VACUUM =
            "VACUUM (TRUNCATE false, SKIP_LOCKED) stock_site_rollup, stock_summary_rollup";

    /** An entry matches an ATC prefix when one of its codes does (the live query keeps its matching products). */
    private static final String ATC_MATCHES = "EXISTS (SELECT 1 FROM unnest(%s.atc_codes) a WHERE a LIKE :atc)";
    private static final String ATC_MISSES = "EXISTS (SELECT 1 FROM unnest(%s.atc_codes) a WHERE a IS NULL OR a NOT LIKE :atc)";

    private final DatabaseClient client;
    private final Reads reads;
    private final FleetLocks locks;
    private final RollupServing serving;
    private final Disposable refreshing;
    private final Timer rebuilt;
    private final Timer skipped;
    private final Timer failed;
    private final Counter fromRollup;
    private final Counter fromLive;
    private final SiteRollup sites;

    SummaryRollup(DatabaseClient client, Reads reads, FleetLocks locks, SiteRollup sites, MeterRegistry meters,
                  @Value("${stockbridge.stock.summary-refresh:PT15S}") Duration interval) {
        this.serving = new RollupServing(interval);
        this.client = client;
        this.reads = reads;
        this.locks = locks;
        this.sites = sites;
        this.rebuilt = timer(meters, "rebuilt");
        this.skipped = timer(meters, "skipped");
        this.failed = timer(meters, "failed");
        this.fromRollup = reads(meters, "rollup");
        this.fromLive = reads(meters, "live");
        this.refreshing = !enabled() ? null : Flux.interval(Duration.ofSeconds(1), interval)
                .onBackpressureDrop()
                .concatMap(tick -> refresh().onErrorResume(error -> {
                    log.warn("refresh of the national summary's rollup failed; the summary is computed live until "
                            + "one succeeds: {}", error.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    private static Timer timer(MeterRegistry meters, String outcome) {
        return Timer.builder("stockbridge.stock.summary.refresh")
                .description("Refreshes of the national summary's rollup, by outcome").tag("outcome", outcome)
                .register(meters);
    }

    private static Counter reads(MeterRegistry meters, String source) {
        return Counter.builder("stockbridge.stock.summary.reads")
                .description("National summary reads of callers the rollup may answer, by where the answer came from")
                .tag("source", source).register(meters);
    }

    boolean enabled() {
        return serving.enabled();
    }

    /**
     * Rebuilds the rollup for today (UTC), and the per-site rollup ({@link SiteRollup}) in the same transaction, when
     * no other replica is rebuilding them.
     *
     * @return true when it was rebuilt here, false when another replica held the lock
     */
    Mono<Boolean> refresh() {
        return Mono.defer(() -> {
            LocalDate day = LocalDate.now(ZoneOffset.UTC);
            long started = System.nanoTime();
            // The rebuilds run in the service's sessions, without JIT (R2dbcPools): both are estimated far above
            // their cost, and JIT compiling took 1.3 of the 1.6 s of the per-site rebuild at 10x. The rollups are
            // analysed in the same transaction, so the statistics the planner reads with them describe what they hold
            // (rewritten whole every interval, they would otherwise wait for autovacuum, or for ever where it is off:
            // at 100x the by-site page was planned over 54,000 rows a site instead of 19).
            Mono<Long> rebuild = sites.rebuild(day)
                    .then(client.sql("DELETE FROM stock_summary_rollup").fetch().rowsUpdated())
                    .then(client.sql(REBUILD).fetch().rowsUpdated())
                    .flatMap(entries -> client.sql(STAMP).bind("day", day).bind("entries", entries.intValue())
                            .fetch().rowsUpdated().thenReturn(entries))
                    .flatMap(entries -> client.sql(ANALYZE).fetch().rowsUpdated().thenReturn(entries));
            return locks.inTransaction(FleetLock.STOCK_SUMMARY_ROLLUP, rebuild)
                    .doOnNext(here -> {
                        long nanos = System.nanoTime() - started;
                        (here ? rebuilt : skipped).record(nanos, TimeUnit.NANOSECONDS);
                        Duration took = Duration.ofNanos(nanos);
                        Duration bound = serving.maxAge();
                        if (here && took.multipliedBy(2).compareTo(bound) > 0) {
                            log.warn("the national summary's rollup took {} ms to rebuild, more than half of the {} "
                                    + "ms it may be served from its start: summaries are computed live part of the "
                                    + "time", took.toMillis(), bound.toMillis());
                        }
                    })
                    .doOnError(e -> failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                    .flatMap(here -> here ? vacuum().thenReturn(true) : Mono.just(false));
        });
    }

    /**
     * Each rebuild leaves the rows it replaced dead; vacuuming the two tables after it (outside the transaction, as
     * VACUUM must run, and outside the refresh's timer) keeps them at about two rollups' size whatever autovacuum's
     * settings (the rows a reader's open snapshot may still see survive one vacuum; at 100x, on a server with
     * autovacuum off, the per-site rollup had grown to 711 MB of dead rows for its 52,445 live ones, which every
     * rebuild's DELETE read). A failed vacuum is logged and the refresh counts as done: the rollup is already served.
     */
    private Mono<Void> vacuum() {
        return client.sql(VACUUM).fetch().rowsUpdated()
                .onErrorResume(error -> {
                    log.warn("vacuum of the national rollups failed: {}", error.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** A page from the rollup when it may answer, else {@code live}'s; each read counted by where it came from. */
    Mono<SummaryPage> pageOr(Mono<SummaryPage> live, String kind, String atcPrefix, LocalDate day, PageRequest page) {
        return serving.answerOr(page(kind, atcPrefix, day, page), live, fromRollup, fromLive);
    }

    /**
     * One page of the summary from the rollup, or nothing when the rollup may not answer: none built yet, older than
     * {@link RollupServing#MAX_AGE_INTERVALS} intervals or of another day than {@code day}, or (with an ATC filter)
     * holding an entry whose products only partly match it.
     */
    private Mono<SummaryPage> page(String kind, String atcPrefix, LocalDate day, PageRequest page) {
        return Mono.defer(() -> {
            boolean atc = atcPrefix != null;
            boolean after = !page.cursor().isStart();
            String sql = RollupServing.OPEN + """
                    SELECT r.*, g.code AS group_code, g.name AS group_name, g.atc_code AS group_atc, g.essential,
                           p.code AS product_code, p.name AS product_name, p.atc_code AS product_atc
                      FROM stock_summary_rollup r
                      LEFT JOIN equivalence_group g ON r.entry_kind = 0 AND g.id = r.entry_id
                      LEFT JOIN product p ON r.entry_kind = 1 AND p.id = r.entry_id
                     WHERE r.product_kind = :productKind%s%s
                     ORDER BY r.entry_kind, r.entry_id
                     LIMIT :limit""".formatted(atc ? "\n   AND " + ATC_MATCHES.formatted("r") : "",
                            after ? "\n   AND (r.entry_kind, r.entry_id) > (:afterKind, :afterEntry)" : "")
                    + RollupServing.close(atc ? "\n   AND NOT EXISTS (SELECT 1 FROM stock_summary_rollup m WHERE "
                            + "m.product_kind = :productKind AND " + ATC_MATCHES.formatted("m") + " AND "
                            + ATC_MISSES.formatted("m") + ")" : "", "x.entry_kind, x.entry_id");
            DatabaseClient.GenericExecuteSpec spec = reads.client().sql(sql)
                    .bind("productKind", kind == null ? ALL_KINDS : kind)
                    .bind("limit", page.fetchSize())
                    .bind("day", day)
                    .bind("maxAgeMillis", serving.maxAgeMillis());
            if (atc) {
                spec = spec.bind("atc", atcPrefix + "%");
            }
            if (after) {
                spec = spec.bind("afterKind", page.cursor().afterKey(0)).bind("afterEntry", page.cursor().afterKey(1));
            }
            return spec.map(row -> new RollupServing.Row<>(timestamp(row, "refreshed_at"),
                            row.get("entry_kind") == null ? null : StockRepository.summaryEntry(row)))
                    .all()
                    .collectList()
                    .filter(rows -> !rows.isEmpty())
                    .map(RollupServing.Stamped::of)
                    .map(stamped -> SummaryPage.of(stamped.rows(), page, stamped.refreshedAt()));
        });
    }

    @Override
    public void destroy() {
        if (refreshing != null) {
            refreshing.dispose();
        }
    }
}
