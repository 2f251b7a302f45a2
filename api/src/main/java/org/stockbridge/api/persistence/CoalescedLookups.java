package org.stockbridge.api.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Lookups by key that run as few queries as the load allows ("smart batching"): a lookup joins a queue, and whenever
 * fewer than {@link Limits#maxRunning} batches are running, the lookups waiting are taken off the queue (at most
 * {@link Limits#maxBatch} at a time) and answered by one batch query. A lookup that arrives when nothing runs starts a
 * batch at once (of itself and whatever arrived with it), so nothing waits for a batch to fill; under load the lookups
 * that arrive while the batches run are answered together by the next, so the per-query cost (a pooled connection,
 * the driver's statement, a round trip) is shared. Each lookup still sees the database as of a moment after it was
 * asked: its batch starts after it joined the queue.
 *
 * <p>Failures: a batch that fails with an error that may be one key's (a value the database refuses) is run again one
 * lookup at a time, in its own place, so one bad key fails only its own request; any other error (the database out of
 * reach) reaches every lookup of the batch, as it would have reached each of them alone. A batch that has not answered
 * within {@link Limits#timeout} fails its lookups, and a lookup that finds {@link Limits#maxWaiting} others waiting is
 * refused at once, both with the error {@code unavailable} makes, so a stalled database cannot hold requests without
 * bound. A lookup cancelled while it waits (its client went away) is dropped from the queue.
 *
 * @param <K> the key of a lookup
 * @param <V> its answer
 */
public final class CoalescedLookups<K, V> {

    /**
     * Answers a batch: for each key, in order, its answer or {@code null} where there is none. The list must have the
     * keys' size.
     */
    @FunctionalInterface
    public interface BatchQuery<K, V> extends Function<List<K>, Mono<List<V>>> {
    }

    /** The sizes of the batches run, for a meter. */
    @FunctionalInterface
    public interface BatchSizes {

        void record(int size);
    }

    /**
     * @param maxRunning batches running at once
     * @param maxBatch   the most lookups one batch answers
     * @param maxWaiting the most lookups waiting for a batch; one more is refused
     * @param timeout    how long a batch may take before its lookups fail
     */
    public record Limits(int maxRunning, int maxBatch, int maxWaiting, Duration timeout) {

        public Limits {
            if (maxRunning < 1 || maxBatch < 1 || maxWaiting < 1) {
                throw new IllegalArgumentException("maxRunning, maxBatch and maxWaiting must be at least 1, were "
                        + maxRunning + ", " + maxBatch + " and " + maxWaiting);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
        }
    }

    private static final class Waiting<K, V> {

        final K key;
        final MonoSink<V> sink;
        volatile boolean cancelled;

        Waiting(K key, MonoSink<V> sink) {
            this.key = key;
            this.sink = sink;
        }
    }

    private final Queue<Waiting<K, V>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger draining = new AtomicInteger();
    private final BatchQuery<K, V> query;
    private final Limits limits;
    private final BatchSizes sizes;
    private final Predicate<Throwable> oneKeys;
    private final Function<String, RuntimeException> unavailable;

    /**
     * @param oneKeys     which errors of a batch may be one key's, so the batch is run again one lookup at a time
     * @param unavailable the error of a lookup refused because too many wait, or whose batch timed out
     */
    public CoalescedLookups(BatchQuery<K, V> query, Limits limits, BatchSizes sizes, Predicate<Throwable> oneKeys,
                            Function<String, RuntimeException> unavailable) {
        this.query = Objects.requireNonNull(query, "query");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sizes = Objects.requireNonNull(sizes, "sizes");
        this.oneKeys = Objects.requireNonNull(oneKeys, "oneKeys");
        this.unavailable = Objects.requireNonNull(unavailable, "unavailable");
    }

    /** The answer for {@code key}: empty when there is none. */
    public Mono<V> get(K key) {
        Objects.requireNonNull(key, "key");
        return Mono.create(sink -> {
            if (waitingCount.incrementAndGet() > limits.maxWaiting()) {
                waitingCount.decrementAndGet();
                sink.error(unavailable.apply(limits.maxWaiting() + " lookups are waiting already"));
                return;
            }
            Waiting<K, V> one = new Waiting<>(key, sink);
            sink.onCancel(() -> one.cancelled = true);
            waiting.add(one);
            drain();
        });
    }

    /**
     * Starts batches while there are lookups waiting and places free. Re-entrant calls (a batch ending on the thread
     * that started it) only ask the running loop for another pass, so the stack stays flat.
     */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        do {
            while (!waiting.isEmpty()) {
                int now = running.get();
                if (now >= limits.maxRunning()) {
                    break; // a running batch drains again when it ends
                }
                if (!running.compareAndSet(now, now + 1)) {
                    continue;
                }
                List<Waiting<K, V>> batch = take();
                if (batch.isEmpty()) {
                    running.decrementAndGet();
                } else {
                    run(batch);
                }
            }
        } while (draining.decrementAndGet() != 0);
    }

    private List<Waiting<K, V>> take() {
        List<Waiting<K, V>> batch = new ArrayList<>();
        for (Waiting<K, V> next; batch.size() < limits.maxBatch() && (next = waiting.poll()) != null; ) {
            waitingCount.decrementAndGet();
            if (!next.cancelled) {
                batch.add(next);
            }
        }
        return batch;
    }

    /** Runs a batch in a place already taken, and gives the place back once its lookups have their answers. */
    private void run(List<Waiting<K, V>> batch) {
        try {
            sizes.record(batch.size());
        } catch (RuntimeException ignored) {
            // a meter's failure must not cost the batch its place
        }
        // The answers are handed on before the place is given back: each caller goes on with the rest of its request
        // on this thread meanwhile, and the lookups that arrive then join the next batch (giving the place back first
        // made smaller batches and served fewer reads a second).
        answer(batch)
                .onErrorResume(error -> batch.size() > 1 && oneKeys.test(error)
                        ? Flux.fromIterable(batch).concatMap(one -> answer(List.of(one))
                                .onErrorResume(alone -> fail(List.of(one), alone))).then()
                        : fail(batch, error))
                // doFinally runs once, however the batch ends; every error has reached the lookups by then (fail)
                .doFinally(signal -> {
                    running.decrementAndGet();
                    drain();
                })
                .subscribe(null, error -> { });
    }

    private Mono<Void> answer(List<Waiting<K, V>> batch) {
        List<K> keys = batch.stream().map(one -> one.key).toList();
        return Mono.defer(() -> query.apply(keys))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("a batch query gave no answers")))
                .timeout(limits.timeout(), Mono.error(() -> unavailable.apply("a batch of " + keys.size()
                        + " lookups had no answer within " + limits.timeout())))
                .doOnNext(answers -> deliver(batch, answers))
                .then();
    }

    private void deliver(List<Waiting<K, V>> batch, List<V> answers) {
        if (answers.size() != batch.size()) {
            throw new IllegalStateException("a batch query answered " + answers.size() + " of " + batch.size()
                    + " keys");
        }
        for (int i = 0; i < batch.size(); i++) {
            V answer = answers.get(i);
            MonoSink<V> sink = batch.get(i).sink;
            try {
                if (answer == null) {
                    sink.success();
                } else {
                    sink.success(answer);
                }
            } catch (RuntimeException callerFailed) {
                // one caller's own failure (thrown back through its sink) is its own: the others get their answers
            }
        }
    }

    private Mono<Void> fail(List<Waiting<K, V>> batch, Throwable error) {
        for (Waiting<K, V> one : batch) {
            try {
                one.sink.error(error);
            } catch (RuntimeException callerFailed) {
                // as in deliver: the others still hear of the failure
            }
        }
        return Mono.empty();
    }
}
