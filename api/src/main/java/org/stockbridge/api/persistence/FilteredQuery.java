package org.stockbridge.api.persistence;

import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * A SELECT with optional filters: each filter adds one condition and its bound value, nothing is concatenated from
 * user input.
 */
public final class FilteredQuery {

    private final StringBuilder closed = new StringBuilder();
    private String select;
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> bindings = new LinkedHashMap<>();
    private String suffix = "";

    private FilteredQuery(String select) {
        this.select = select;
    }

    public static FilteredQuery select(String select) {
        return new FilteredQuery(select);
    }

    /** Adds {@code condition} (which uses {@code :name}) when {@code value} is not null. */
    public FilteredQuery where(String condition, String name, Object value) {
        if (value != null) {
            conditions.add(condition);
            bindings.put(name, value);
        }
        return this;
    }

    public FilteredQuery where(String condition) {
        conditions.add(condition);
        return this;
    }

    /**
     * Adds {@code condition}, which uses every name of {@code values}, when {@code values} is not null: for keyset
     * conditions such as {@code (expiry, id) > (:afterExpiry, :afterId)} that bind several values at once.
     */
    public FilteredQuery where(String condition, Map<String, ?> values) {
        if (values != null) {
            conditions.add(condition);
            bindings.putAll(values);
        }
        return this;
    }

    /** Binds a value that the SELECT or the suffix itself uses, whatever the filters. */
    public FilteredQuery bind(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        bindings.put(name, value);
        return this;
    }

    /**
     * Closes the conditions added so far (they become the WHERE of the text before them) and continues with
     * {@code sql}: conditions added from here on are the WHERE of {@code sql}. For a query with two filtered parts,
     * such as an inner SELECT filtered on products inside an outer one filtered on sites.
     */
    public FilteredQuery next(String sql) {
        if (!suffix.isEmpty()) {
            throw new IllegalStateException("next() must come before then()");
        }
        closed.append(part());
        conditions.clear();
        select = sql;
        return this;
    }

    /** ORDER BY, LIMIT and the like, appended after the conditions, without a value of its own. */
    public FilteredQuery then(String sql) {
        suffix = suffix + " " + sql;
        return this;
    }

    /** ORDER BY, LIMIT and the like, appended after the conditions. */
    public FilteredQuery then(String sql, String name, Object value) {
        suffix = suffix + " " + sql;
        bindings.put(name, value);
        return this;
    }

    public String sql() {
        return closed + part() + suffix;
    }

    private String part() {
        return select + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
    }

    public <T> Flux<T> fetch(DatabaseClient client, Function<Readable, T> mapper) {
        GenericExecuteSpec spec = client.sql(sql());
        for (Map.Entry<String, Object> binding : bindings.entrySet()) {
            spec = spec.bind(binding.getKey(), binding.getValue());
        }
        return spec.map(mapper).all();
    }
}
