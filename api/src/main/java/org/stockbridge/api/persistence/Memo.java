package org.stockbridge.api.persistence;

import java.util.LinkedHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A memo of a few asynchronous values, least recently used dropped first. A value that fails is forgotten, so the
 * next caller computes it again. Key a value read from the database by a version of what it is computed from, so a
 * change is seen at once.
 */
public final class Memo<K, V> {
    private final int size;
    private final LinkedHashMap<K, Mono<V>> values;

    public Memo(int size) {
        this.size = size;
        this.values = new LinkedHashMap<>(16, 0.75f, true);
    }

    public synchronized Mono<V> get(K key, Supplier<Mono<V>> compute) {
        Mono<V> existing = values.get(key);
        if (existing != null) {
            return existing;
        }
        Mono<V> value = compute.get().doOnError(e -> remove(key)).cache();
        values.put(key, value);
        while (values.size() > size) {
            values.remove(values.keySet().iterator().next());
        }
        return value;
    }

    public synchronized void remove(K key) {
        values.remove(key);
    }

    public synchronized void clear() {
        values.clear();
    }
}
