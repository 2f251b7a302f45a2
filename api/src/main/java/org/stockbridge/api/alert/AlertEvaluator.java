package org.stockbridge.api.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.stockbridge.api.feed.ChangeSequencer;
import org.stockbridge.api.fleet.FleetLock;
import org.stockbridge.api.fleet.FleetLocks;
import org.stockbridge.domain.alert.AlertEvent;
import org.stockbridge.domain.alert.AlertEvent.Transition;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.stockbridge.api.forecast.SupplyRiskFreshness;
import org.stockbridge.api.transfer.TransferDisclosure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows the change feed and raises or clears alerts, once per fleet, woken when new feed positions exist (the
 * sequencer's ticks, which every replica hears through the database's {@code NOTIFY}) and every
 * {@code stockbridge.alerts.evaluator-interval}: each round runs in one transaction under the
 * {@link FleetLock#ALERT_EVALUATOR} advisory lock, reads the numbered changes after its stored cursor, writes the
 * alerts, their conditions and their webhook messages (the outbox), and moves the cursor, all committed together. A
 * round that fails leaves nothing behind and the next one reads the same changes again, so each change is evaluated
 * once whatever the number of replicas.
 *
 * <p>Stock is judged on its state when the round runs (usable stock against the policy's reorder point), once per
 * (site, product) a round's changes touch, and so is a lot's nearness to expiry, once per (site, product, lot); a
 * transfer is judged on the state its change carries.
 *
 * <p>In the same round and transaction, the evaluator judges the facts that change outside that feed: the shortage
 * reports of each shortage ingest run once it completed (its reports are linked to the catalogue in its last step, so
 * the feed's events of them come too early), the stockout projections and ingredient risks of each completed forecast
 * job run, and every lot nearing expiry as days pass: a sweep every {@code stockbridge.alerts.expiry-sweep-interval},
 * at the first round of a new day, and after a subscription to lots expiring is created or changed.
 */
@Component
class AlertEvaluator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    static final String INGESTION_RUNS = "ingestion-run";
    static final String FORECAST_MODEL = "forecast-model";
    static final String EXPIRY_SWEEP = "lot-expiry-sweep";
    private static final int RUNS_PER_ROUND = 5;

    private final FleetLocks locks;
    private final AlertRepository alerts;
    private final FactRepository facts;
    private final Duration sweepInterval;
    private final JsonMapper json;
    private final SupplyRiskFreshness riskFreshness;
    private final OutboxSignal outbox;
    private final Clock clock;
    private final int batch;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Disposable wakeups;

    AlertEvaluator(FleetLocks locks, AlertRepository alerts, FactRepository facts, JsonMapper json,
                   OutboxSignal outbox, ChangeSequencer sequencer, SupplyRiskFreshness riskFreshness,
                   @Value("${stockbridge.alerts.batch:500}") int batch,
                   @Value("${stockbridge.alerts.expiry-sweep-interval:PT1H}") Duration sweepInterval) {
        if (batch < 1) {
            throw new IllegalArgumentException("stockbridge.alerts.batch must be at least 1");
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("stockbridge.alerts.expiry-sweep-interval must be positive");
        }
        this.locks = locks;
        this.alerts = alerts;
        this.facts = facts;
        this.sweepInterval = sweepInterval;
        this.json = json;
        this.riskFreshness = riskFreshness;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
        this.batch = batch;
        this.wakeups = sequencer.ticks().subscribe(tick -> evaluate());
    }

    @Scheduled(fixedDelayString = "${stockbridge.alerts.evaluator-interval:PT0.5S}", initialDelayString = "PT1S")
    void evaluate() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        AtomicLong messages = new AtomicLong();
        locks.inTransaction(FleetLock.ALERT_EVALUATOR, round(messages))
                .doFinally(signal -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        evaluate();
                    }
                })
                .subscribe(ran -> {
                    if (messages.get() > 0) {
                        outbox.written(messages.get());
                    }
                }, error -> log.warn("alert evaluation round failed; it will be retried: {}", error.toString()));
    }

    /**
     * One round: the changes after the cursor evaluated, the cursor moved past them; then the completed ingest and
     * forecast runs not judged yet, and the expiry sweep when it is due. The number of feed changes read.
     */
    Mono<Integer> round(AtomicLong messages) {
        return Mono.defer(() -> {
            LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            return feed(day, messages).flatMap(read -> ingestRuns(messages).then(forecast(messages))
                    .then(expirySweep(day, messages)).thenReturn(read));
        });
    }

    /** The changes after the cursor evaluated, the cursor moved past them; how many. */
    private Mono<Integer> feed(LocalDate day, AtomicLong messages) {
        return alerts.cursor().flatMap(cursor -> alerts.changes(cursor, batch).collectList().flatMap(changes -> {
            if (changes.isEmpty()) {
                return Mono.just(0);
            }
            Map<String, StockTouch> stock = new LinkedHashMap<>();
            Map<String, FactRepository.LotTouch> lots = new LinkedHashMap<>();
            List<Mono<Void>> transfers = new ArrayList<>();
            for (AlertRepository.FeedChange change : changes) {
                switch (change.kind()) {
                    case "movement", "policy" -> {
                        JsonNode payload = json.readTree(change.payload());
                        String product = payload.path(change.kind()).path("product").asString();
                        stock.put(change.siteId() + "/" + product,
                                new StockTouch(change.siteId(), product, change.position()));
                        String lot = payload.path("balance").path("lot").asString("");
                        if (!lot.isEmpty()) {
                            lots.put(change.siteId() + "/" + product + "/" + lot,
                                    new FactRepository.LotTouch(change.siteId(), product, lot, change.position()));
                        }
                    }
                    case "transfer" -> transfers.add(transfer(change, messages));
                    default -> {
                        // shortage reports are judged after their ingest run completed (ingestRuns)
                    }
                }
            }
            long last = changes.get(changes.size() - 1).position();
            return Flux.fromIterable(stock.values())
                    .concatMap(touch -> alerts.stockWatchers(touch.siteId(), touch.product(), day, touch.position())
                            .concatMap(observation -> apply(observation, messages)))
                    .thenMany(lots.isEmpty() ? Flux.<Observation>empty()
                            : facts.lotWatchers(new ArrayList<>(lots.values()), day))
                    .concatMap(observation -> apply(observation, messages))
                    .then(Flux.concat(transfers).then())
                    .then(alerts.advance(last))
                    .thenReturn(changes.size());
        }));
    }

    private record StockTouch(long siteId, String product, long position) {
    }


    /** The shortage reports of the completed ingest runs not judged yet, a few runs a round, oldest first. */
    private Mono<Void> ingestRuns(AtomicLong messages) {
        return facts.cursor(INGESTION_RUNS)
                .flatMapMany(floor -> facts.unjudgedRuns(floor, RUNS_PER_ROUND))
                .concatMap(run -> facts.shortageWatchers(run).concatMap(observation -> apply(observation, messages))
                        .then(facts.judged(run)))
                .then();
    }

    /** The stockout projections and ingredient risks of the newest completed forecast job run not judged yet. */
    private Mono<Void> forecast(AtomicLong messages) {
        return facts.cursor(FORECAST_MODEL).flatMap(facts::newForecast).flatMap(run ->
                facts.stockoutWatchers(run.demandModelId()).concatMap(observation -> apply(observation, messages))
                        .thenMany(run.riskModelId() == null ? Flux.empty()
                                : riskFreshness(run.riskModelId()).flatMapMany(f -> facts.riskWatchers(
                                        run.riskModelId(), f.orElse(null))).concatMap(o -> apply(o, messages)))
                        .then(facts.advance(FORECAST_MODEL, run.demandModelId())));
    }

    /**
     * How fresh the sources of a risk model's stored scores are, as JSON for the alerts' evidence (as the risk views
     * state it); empty when the risk files cannot be read.
     */
    private Mono<Optional<String>> riskFreshness(long riskModelId) {
        return facts.riskScoredOn(riskModelId).flatMap(riskFreshness::asOf)
                .map(f -> Optional.of(json.writeValueAsString(f)))
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * Every lot nearing expiry, when the sweep is due: its interval passed, the day changed since the last one, or a
     * subscription to lots expiring changed since. The cursor holds the last sweep's time (epoch milliseconds).
     */
    private Mono<Void> expirySweep(LocalDate day, AtomicLong messages) {
        long now = clock.millis();
        return facts.cursor(EXPIRY_SWEEP).flatMap(last -> {
            boolean due = now - last >= sweepInterval.toMillis()
                    || LocalDate.ofEpochDay(Math.floorDiv(last, 86_400_000L)).isBefore(day);
            return (due ? Mono.just(true) : facts.expiryWatchChangedSince(last)).flatMap(sweep -> !sweep
                    ? Mono.<Void>empty()
                    : facts.lotWatchers(null, day)
                            .concatMap(observation -> apply(observation, messages))
                            .then(facts.advance(EXPIRY_SWEEP, now)));
        });
    }

    private Mono<Void> transfer(AlertRepository.FeedChange change, AtomicLong messages) {
        return Mono.defer(() -> {
            JsonNode transfer = json.readTree(change.payload()).path("transfer");
            String key = "transfer/" + transfer.path("id").asLong();
            String state = transfer.path("state").asString();
            Set<String> pending = new HashSet<>();
            transfer.path("approvalsRequired").forEach(j -> pending.add(j.asString()));
            transfer.path("approvals").forEach(j -> pending.remove(j.asString()));
            return alerts.transferWatchers(transfer.path("from").asString(), transfer.path("to").asString(),
                            transfer.path("product").asString(), key)
                    .concatMap(watcher -> Flux.fromIterable(watcher.events())
                            .flatMap(name -> Mono.justOrEmpty(AlertEvent.parse(name)))
                            .filter(event -> event.name().startsWith("TRANSFER_"))
                            .concatMap(event -> {
                                boolean holds = switch (event) {
                                    case TRANSFER_AWAITING_APPROVAL -> state.equals("RECOMMENDED")
                                            && (watcher.ownerJurisdiction() == null ? !pending.isEmpty()
                                            : pending.contains(watcher.ownerJurisdiction()));
                                    case TRANSFER_DISPATCHED -> state.equals("DISPATCHED");
                                    case TRANSFER_RECEIVED -> state.equals("RECEIVED");
                                    default -> false;
                                };
                                ObjectNode evidence = json.createObjectNode();
                                evidence.set("transfer", TransferDisclosure.changeVisibleTo(watcher.seesFrom(),
                                        watcher.seesTo(), transfer));
                                pending.stream().sorted().forEach(evidence.putArray("pendingApprovals")::add);
                                return apply(new Observation(watcher.subscriptionId(), watcher.owner(),
                                        watcher.webhookUrl(), event, key, watcher.fromSiteId(),
                                        watcher.open().contains(event.name()), holds, json.writeValueAsString(evidence),
                                        change.position()), messages);
                            }))
                    .then();
        });
    }

    /** Raises or clears as the domain rule says, with the webhook message in the same transaction. */
    private Mono<Void> apply(Observation observation, AtomicLong messages) {
        Transition transition = observation.event().next(observation.open(), observation.holds());
        if (transition == Transition.NONE) {
            return Mono.empty();
        }
        boolean raised = transition == Transition.RAISE;
        return (raised ? alerts.raise(observation) : alerts.clear(observation)).flatMap(written -> {
            if (observation.webhookUrl() == null) {
                return Mono.empty();
            }
            ObjectNode data = json.createObjectNode();
            data.put("alertId", written.id());
            data.put("subscriptionId", observation.subscriptionId());
            data.put("event", observation.event().name());
            data.put("condition", observation.conditionKey());
            data.put("kind", raised ? "RAISED" : "CLEARED");
            data.put("changePosition", observation.changePosition());
            data.set("evidence", json.readTree(observation.evidence()));
            ObjectNode body = json.createObjectNode();
            body.put("type", raised ? "alert.raised" : "alert.cleared");
            body.put("timestamp", written.at().toString());
            body.set("data", data);
            messages.incrementAndGet();
            return alerts.enqueue(observation.subscriptionId(), written.id(), "msg_alert_" + written.id(),
                    json.writeValueAsString(body));
        });
    }

    @Override
    public void destroy() {
        wakeups.dispose();
    }
}
