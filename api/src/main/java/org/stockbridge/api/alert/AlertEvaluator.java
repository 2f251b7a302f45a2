package org.stockbridge.api.alert;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * (site, product) a round's changes touch; a transfer is judged on the state its change carries.
 */
@Component
class AlertEvaluator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final FleetLocks locks;
    private final AlertRepository alerts;
    private final JsonMapper json;
    private final OutboxSignal outbox;
    private final Clock clock;
    private final int batch;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Disposable wakeups;

    AlertEvaluator(FleetLocks locks, AlertRepository alerts, JsonMapper json, OutboxSignal outbox,
                   ChangeSequencer sequencer, @Value("${stockbridge.alerts.batch:500}") int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("stockbridge.alerts.batch must be at least 1");
        }
        this.locks = locks;
        this.alerts = alerts;
        this.json = json;
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

    /** One round: the changes after the cursor evaluated, the cursor moved past them. */
    Mono<Integer> round(AtomicLong messages) {
        return alerts.cursor().flatMap(cursor -> alerts.changes(cursor, batch).collectList().flatMap(changes -> {
            if (changes.isEmpty()) {
                return Mono.just(0);
            }
            LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            Map<String, StockTouch> stock = new LinkedHashMap<>();
            List<Mono<Void>> transfers = new ArrayList<>();
            for (AlertRepository.FeedChange change : changes) {
                switch (change.kind()) {
                    case "movement", "policy" -> {
                        JsonNode payload = json.readTree(change.payload());
                        String product = payload.path(change.kind()).path("product").asString();
                        stock.put(change.siteId() + "/" + product,
                                new StockTouch(change.siteId(), product, change.position()));
                    }
                    case "transfer" -> transfers.add(transfer(change, messages));
                    default -> {
                        // shortage reports and other changes raise no alert yet
                    }
                }
            }
            long last = changes.get(changes.size() - 1).position();
            return Flux.fromIterable(stock.values())
                    .concatMap(touch -> alerts.stockWatchers(touch.siteId(), touch.product(), day, touch.position())
                            .concatMap(observation -> apply(observation, messages)))
                    .then(Flux.concat(transfers).then())
                    .then(alerts.advance(last))
                    .thenReturn(changes.size());
        }));
    }

    private record StockTouch(long siteId, String product, long position) {
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
                                evidence.set("transfer", transfer);
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
