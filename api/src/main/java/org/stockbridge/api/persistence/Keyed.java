package org.stockbridge.api.persistence;

import java.util.List;

/** A value with the numeric key, or composite key of up to three parts, it is ordered and paged by. */
public record Keyed<T>(List<Long> keys, T value) {

    public Keyed {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || keys.size() > 3) {
            throw new IllegalArgumentException("keys must hold one to three keys, was " + keys.size());
        }
    }

    public Keyed(long key, T value) {
        this(List.of(key), value);
    }

    /** A value ordered by a composite key, most significant part first. */
    public static <T> Keyed<T> of(T value, long first, long second, long... more) {
        Long[] keys = new Long[2 + more.length];
        keys[0] = first;
        keys[1] = second;
        for (int i = 0; i < more.length; i++) {
            keys[2 + i] = more[i];
        }
        return new Keyed<>(List.of(keys), value);
    }

    /** The first (or only) key. */
    public long key() {
        return keys.get(0);
    }
}
