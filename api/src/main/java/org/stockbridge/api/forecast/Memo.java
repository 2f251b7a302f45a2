package org.stockbridge.api.forecast;

import java.util.LinkedHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** A memo of a few asynchronous values, least recently used dropped first. */
final class Memo<K, V> {
    private final int size;
    private final LinkedHashMap<K, Mono<V>> values;

    Memo(int size) {
        this.size = size;
        this.values = new LinkedHashMap<>(16, 0.75f, true);
    }

    synchronized Mono<V> get(K key, Supplier<Mono<V>> compute) {
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

    synchronized void remove(K key) {
        values.remove(key);
    }

    synchronized void clear() {
        values.clear();
    }
}
