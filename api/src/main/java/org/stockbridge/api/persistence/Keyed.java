package org.stockbridge.api.persistence;

/** A value with the numeric key it is ordered and paged by. */
public record Keyed<T>(long key, T value) {
}
