package org.stockbridge.api.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Lookups by key that run as few queries as the load allows ("smart batching"): a lookup joins a queue, and whenever
 * fewer than {@code maxRunning} queries are running, the lookups waiting are taken off the queue (at most
 * {@code maxBatch} at a time) and answered by one query. A lone lookup runs at once, on its own, so nothing waits for
 * a batch to fill; under load the lookups that arrive while the queries run are answered together by the next, so the
 * per-query cost (a pooled connection, the driver's statement, a round trip) is shared. Each lookup still sees the
 * database as of a moment after it was asked: its query starts after it joined the queue.
 *
 * <p>A batch that fails with an error that may be one key's (a value the database refuses) is run again one lookup at
 * a time, so one bad key fails only its own request; any other error (the database out of reach) reaches every lookup
 * of the batch unchanged, as it would have reached each of them alone.
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

    private record Waiting<K, V>(K key, MonoSink<V> sink) {
    }

    private final Queue<Waiting<K, V>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final BatchQuery<K, V> query;
    private final int maxRunning;
    private final int maxBatch;
    private final BatchSizes sizes;
    private final Predicate<Throwable> oneKeys;

    /** The sizes of the batches run, for a meter; {@link #NONE} when nobody counts them. */
    @FunctionalInterface
    public interface BatchSizes {

        BatchSizes NONE = size -> { };

        void record(int size);
    }

    /**
     * @param oneKeys which errors of a batch may be one key's, so the batch is run again one lookup at a time
     */
    public CoalescedLookups(BatchQuery<K, V> query, int maxRunning, int maxBatch, BatchSizes sizes,
                            Predicate<Throwable> oneKeys) {
        if (maxRunning < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("maxRunning and maxBatch must be at least 1, were " + maxRunning
                    + " and " + maxBatch);
        }
        this.query = Objects.requireNonNull(query, "query");
        this.maxRunning = maxRunning;
        this.maxBatch = maxBatch;
        this.sizes = Objects.requireNonNull(sizes, "sizes");
        this.oneKeys = Objects.requireNonNull(oneKeys, "oneKeys");
    }

    /** The answer for {@code key}: empty when there is none. */
    public Mono<V> get(K key) {
        Objects.requireNonNull(key, "key");
        return Mono.create(sink -> {
            waiting.add(new Waiting<>(key, sink));
            drain();
        });
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int now = running.get();
            if (now >= maxRunning) {
                return; // a running batch drains again when it ends
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            List<Waiting<K, V>> batch = new ArrayList<>();
            for (Waiting<K, V> next; batch.size() < maxBatch && (next = waiting.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                running.decrementAndGet();
                continue;
            }
            run(batch);
        }
    }

    private void run(List<Waiting<K, V>> batch) {
        sizes.record(batch.size());
        List<K> keys = batch.stream().map(Waiting::key).toList();
        AtomicBoolean ended = new AtomicBoolean();
        Mono.defer(() -> query.apply(keys))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("a batch query gave no answers")))
                .subscribe(answers -> {
                    // the answers are handed on before the next batch may start: each caller goes on with the rest of
                    // its request on this thread meanwhile, and the lookups that arrive then join the next batch
                    // (handing them on after releasing made smaller batches and served fewer reads a second)
                    if (ended.compareAndSet(false, true)) {
                        try {
                            deliver(batch, answers);
                        } finally {
                            release();
                        }
                    }
                }, error -> {
                    if (ended.compareAndSet(false, true)) {
                        release();
                        if (batch.size() > 1 && oneKeys.test(error)) {
                            oneByOne(batch);
                        } else {
                            batch.forEach(one -> one.sink().error(error));
                        }
                    }
                });
    }

    private void release() {
        running.decrementAndGet();
        drain();
    }

    private void deliver(List<Waiting<K, V>> batch, List<V> answers) {
        if (answers.size() != batch.size()) {
            IllegalStateException wrong = new IllegalStateException("a batch query answered " + answers.size()
                    + " of " + batch.size() + " keys");
            batch.forEach(one -> one.sink().error(wrong));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            V answer = answers.get(i);
            if (answer == null) {
                batch.get(i).sink().success();
            } else {
                batch.get(i).sink().success(answer);
            }
        }
    }

    /** Each lookup of a failed batch on its own, outside the queue and its limit (they were counted in the batch). */
    private void oneByOne(List<Waiting<K, V>> batch) {
        for (Waiting<K, V> one : batch) {
            Mono.defer(() -> query.apply(List.of(one.key()))).subscribe(
                    answers -> deliver(List.of(one), answers), error -> one.sink().error(error));
        }
    }
}
