package org.stockbridge.api.stock;

import static org.stockbridge.api.persistence.Columns.timestamp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * rebuilds once a refresh period: in one transaction holding the
 * {@link FleetLock#STOCK_SUMMARY_ROLLUP} advisory lock, the rows are deleted and the whole summary (every entry, for
 * no kind filter and for each kind) inserted again, with the time and UTC day it describes. A read is then a keyed read
 * of one page of rows. A rollup older than {@link RollupServing#MAX_AGE_PERIODS} periods, or of another UTC day, or
 * one that cannot answer an ATC filter exactly, is not served: the caller computes the summary live instead
 * (docs/adr, the national summary reads a rollup). A zero interval turns the rollup off. The same transaction first
 * rebuilds the per-(site, product) rollup ({@link SiteRollup}) that the by-site map and the below-policy list read, so
 * the one stamp describes both.
 *
 * <p>The refresh paces itself (V59, ADR 0017): each rebuild stamps the period until the next is due, the configured
 * interval ({@code stockbridge.stock.summary-refresh}) or, when the rebuild took more than
 * {@code stockbridge.stock.summary-refresh-budget} of that (5 % by default), its duration over that share, up to
 * {@code stockbridge.stock.summary-refresh-max-period} (2 min): so the rebuilds themselves take at most that share of
 * the time however large the stockpile grows (at 100x a rebuild under load took 2 to 7 s of every 15). Every replica
 * checks, once an interval, whether the stamp is a period old, and only then takes the lock and rebuilds (checking
 * again under it): a fleet rebuilds once a period, not once an interval per replica.
 *
 * <p>Each rebuild is timed ({@code stockbridge.stock.summary.refresh}, tagged {@code outcome}: rebuilt, skipped when
 * another replica held the lock or, under the lock, had just rebuilt, failed; a tick that finds the stamp younger than
 * a period records nothing), the fleet's period (the stamp's, read at every tick, whichever replica rebuilt) is a
 * gauge ({@code stockbridge.stock.summary.refresh.period}),
 * and each read of a caller the rollup may answer is counted by where its answer came from
 * ({@code stockbridge.stock.summary.reads}, tagged {@code source}: rollup or live), which is what an operator watches.
 * A rollup is stamped with its rebuild's start and served for {@link RollupServing#MAX_AGE_PERIODS} periods: a rebuild
 * takes at most the budget's share of a period, so the next one is live well before that.
 *
 * <p>Its sums of balances cannot overflow their {@code bigint}: a balance holds at most 10^13 units
 * ({@code Quantities}, V60), so a sum stays below 2^63 for up to 922,337 balances at that bound (10^13 x 922,337 <
 * 9.22 x 10^18); a balance stored beyond the bound before V60 is reversed back within it (docs/ledger.md).
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
            INSERT INTO stock_summary_refresh (refreshed_at, day, entries, period_ms)
            VALUES (now(), :day, :entries, :periodMillis)
            ON CONFLICT (singleton) DO UPDATE SET refreshed_at = excluded.refreshed_at, day = excluded.day,
                   entries = excluded.entries, period_ms = excluded.period_ms""";

    /** How much younger than a period a stamp may be and the rebuild still be due (a tick's own delay). */
    static final long TICK_SLACK_MILLIS = 1_000;

    // Due when there is no stamp of the day, or the stamp is a period old, less TICK_SLACK_MILLIS: a stamp is the time
    // its transaction began, a few milliseconds after the tick that started it, so the tick a period later would find
    // it just short of a period old and the rebuild would wait a whole interval more.
    // It also reads the stamp's period, the fleet's, whichever replica set it: the gauge of every replica shows it.
    private static final String DUE = """
            SELECT NOT EXISTS (SELECT 1 FROM stock_summary_refresh
                                WHERE day = :day
                                  AND refreshed_at > now() - greatest(period_ms - %d, 0) * interval '1 millisecond')
                   AS due,
                   (SELECT period_ms FROM stock_summary_refresh) AS period_ms""".formatted(TICK_SLACK_MILLIS);

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
    private final RefreshPacing pacing;
    private final AtomicLong periodMillis = new AtomicLong();

    SummaryRollup(DatabaseClient client, Reads reads, FleetLocks locks, SiteRollup sites, RollupServing serving,
                  MeterRegistry meters, @Value("${stockbridge.stock.summary-refresh-budget:0.05}") double budget,
                  @Value("${stockbridge.stock.summary-refresh-max-period:PT2M}") Duration maxPeriod) {
        this.serving = serving;
        this.pacing = new RefreshPacing(serving.interval(), budget, maxPeriod);
        this.client = client;
        this.reads = reads;
        this.locks = locks;
        this.sites = sites;
        this.rebuilt = timer(meters, "rebuilt");
        this.skipped = timer(meters, "skipped");
        this.failed = timer(meters, "failed");
        this.fromRollup = reads(meters, "rollup");
        this.fromLive = reads(meters, "live");
        Gauge.builder("stockbridge.stock.summary.refresh.period", periodMillis, millis -> millis.get() / 1000.0)
                .description("The period the fleet's last rebuild set until the next is due (read from its stamp)").baseUnit("seconds")
                .register(meters);
        this.refreshing = !enabled() ? null : Flux.interval(Duration.ofSeconds(1), serving.interval())
                .onBackpressureDrop()
                .concatMap(tick -> refreshIfDue().onErrorResume(error -> {
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
     * no other replica is rebuilding them, whether or not a rebuild is due.
     *
     * @return true when it was rebuilt here, false when another replica held the lock
     */
    Mono<Boolean> refresh() {
        return rebuild(false);
    }

    /**
     * Rebuilds the rollups as {@link #refresh} does when they are due: no stamp of today, or one a period old. The
     * stamp is read before the lock is taken (most ticks end there) and again under it, since another replica may
     * have just rebuilt.
     *
     * @return true when they were rebuilt here
     */
    Mono<Boolean> refreshIfDue() {
        return Mono.defer(() -> due(LocalDate.now(ZoneOffset.UTC)))
                .flatMap(due -> due ? refreshIfStillDue() : Mono.just(false));
    }

    /** The rebuild of {@link #refreshIfDue} once its first look found it due: under the lock, only if still due. */
    Mono<Boolean> refreshIfStillDue() {
        return rebuild(true);
    }

    /** Whether a rebuild is due; sets the period gauge to the stamp's period on the way. */
    private Mono<Boolean> due(LocalDate day) {
        return client.sql(DUE).bind("day", day).map(row -> {
            Long stamped = row.get("period_ms", Long.class);
            if (stamped != null) {
                periodMillis.set(stamped);
            }
            return Boolean.TRUE.equals(row.get("due", Boolean.class));
        }).one();
    }

    private Mono<Boolean> rebuild(boolean onlyIfDue) {
        return Mono.defer(() -> {
            LocalDate day = LocalDate.now(ZoneOffset.UTC);
            long started = System.nanoTime();
            AtomicBoolean rebuiltHere = new AtomicBoolean();
            // The rebuilds run in the service's sessions, without JIT (R2dbcPools): both are estimated far above
            // their cost, and JIT compiling took 1.3 of the 1.6 s of the per-site rebuild at 10x. The rollups are
            // analysed in the same transaction, so the statistics the planner reads with them describe what they hold
            // (rewritten whole every interval, they would otherwise wait for autovacuum, or for ever where it is off:
            // at 100x the by-site page was planned over 54,000 rows a site instead of 19).
            // The rebuild's own time (from the lock, not from the wait for a connection or the lock) sets the period.
            AtomicLong rebuildStarted = new AtomicLong();
            Mono<Long> rebuild = Mono.fromRunnable(() -> rebuildStarted.set(System.nanoTime()))
                    .then(sites.rebuild(day))
                    .then(client.sql("DELETE FROM stock_summary_rollup").fetch().rowsUpdated())
                    .then(client.sql(REBUILD).fetch().rowsUpdated())
                    .flatMap(entries -> {
                        long period = pacing.period(Duration.ofNanos(System.nanoTime() - rebuildStarted.get()))
                                .toMillis();
                        return client.sql(STAMP).bind("day", day).bind("entries", entries.intValue())
                                .bind("periodMillis", period).fetch().rowsUpdated()
                                .doOnSuccess(stamped -> periodMillis.set(period)).thenReturn(entries);
                    })
                    .flatMap(entries -> client.sql(ANALYZE).fetch().rowsUpdated().thenReturn(entries))
                    .doOnSuccess(entries -> rebuiltHere.set(true));
            Mono<Long> work = !onlyIfDue ? rebuild : due(day).filter(Boolean::booleanValue).flatMap(due -> rebuild);
            return locks.inTransaction(FleetLock.STOCK_SUMMARY_ROLLUP, work)
                    .map(locked -> locked && rebuiltHere.get())
                    .doOnNext(here -> {
                        long nanos = System.nanoTime() - started;
                        if (here) {
                            rebuilt.record(nanos, TimeUnit.NANOSECONDS);
                            log.debug("the national rollups rebuilt in {} ms; the next is due in {} ms",
                                    Duration.ofNanos(nanos).toMillis(), periodMillis.get());
                        } else {
                            skipped.record(nanos, TimeUnit.NANOSECONDS);
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
     * {@link RollupServing#MAX_AGE_PERIODS} periods or of another day than {@code day}, or (with an ATC filter)
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
                    .bind("day", day);
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
