package org.stockbridge.api.alert;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

import reactor.core.publisher.Mono;

/**
 * Delivers the webhook outbox, at least once: claims due messages (each attempt made by the replica that claimed it),
 * sends each, and records the attempt; a failure is tried again after the {@link WebhookSettings#retries()} delay, and
 * after the last attempt the message is a dead letter, kept for a manual redelivery. Runs at each poll and as soon
 * as this replica's evaluator committed new messages.
 */
@Component
class WebhookDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DeliveryRepository deliveries;
    private final SubscriptionRepository subscriptions;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Disposable wakeups;

    WebhookDispatcher(DeliveryRepository deliveries, SubscriptionRepository subscriptions, WebhookSender sender,
                      WebhookSettings settings, OutboxSignal outbox) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.settings = settings;
        this.wakeups = outbox.ticks().subscribe(count -> dispatch());
    }

    @Scheduled(fixedDelayString = "${stockbridge.webhooks.poll-interval:PT0.5S}", initialDelayString = "PT1S")
    void dispatch() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        round().doFinally(signal -> {
            running.set(false);
            if (again.getAndSet(false)) {
                dispatch();
            }
        }).subscribe(sent -> { }, error -> log.warn("webhook delivery round failed: {}", error.toString()));
    }

    /** Claims a batch of due messages and attempts each; how many were attempted. */
    Mono<Long> round() {
        return deliveries.claim(settings.batch(), settings.lease())
                .flatMap(this::attempt, 8)
                .count();
    }

    private Mono<Void> attempt(DeliveryRepository.Claimed claimed) {
        long started = System.nanoTime();
        Mono<WebhookSender.Outcome> outcome = claimed.url() == null
                ? Mono.just(new WebhookSender.Outcome(false, null, "the subscription has no webhook URL any more", null))
                : subscriptions.secretsInForce(claimed.subscriptionId()).flatMap(secrets -> secrets.isEmpty()
                        ? Mono.just(new WebhookSender.Outcome(false, null, "the subscription has no secret", null))
                        : sender.send(claimed.url(), secrets, claimed.messageId(), claimed.body()));
        return outcome.flatMap(result -> {
            int millis = (int) Math.min(Integer.MAX_VALUE, Duration.ofNanos(System.nanoTime() - started).toMillis());
            if (result.delivered()) {
                return deliveries.recorded(claimed.id(), claimed.attempts(), result.status(), null, result.excerpt(),
                        millis, "DELIVERED", Duration.ZERO);
            }
            return settings.retries().delayAfter(claimed.attempts(), ThreadLocalRandom.current().nextDouble())
                    .map(delay -> deliveries.recorded(claimed.id(), claimed.attempts(), result.status(), result.error(),
                            result.excerpt(), millis, "PENDING", delay))
                    .orElseGet(() -> deliveries.recorded(claimed.id(), claimed.attempts(), result.status(),
                            result.error(), result.excerpt(), millis, "DEAD", Duration.ZERO));
        }).onErrorResume(e -> {
            log.warn("webhook message {} not recorded; it is tried again when its claim ends: {}",
                    claimed.messageId(), e.toString());
            return Mono.empty();
        });
    }

    @Override
    public void destroy() {
        wakeups.dispose();
    }
}
