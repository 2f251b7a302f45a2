package org.stockbridge.api.web;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/** A refusal the API explains with its own problem type, status and extra members. */
public class ApiException extends RuntimeException {

    /** The members every problem document has; its extension members take other names. */
    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance");

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final Map<String, Object> properties;
    private final Duration retryAfter;

    /** A refusal the client may retry after {@code retryAfter} (sent as {@code Retry-After}; null for none). */
    public ApiException(HttpStatus status, String slug, String title, String detail, Map<String, Object> properties,
                        Duration retryAfter) {
        super(detail);
        this.status = status;
        this.type = URI.create(Problems.BASE + slug);
        this.title = title;
        this.properties = properties == null ? Map.of() : Map.copyOf(properties);
        for (String member : STANDARD_MEMBERS) {
            if (this.properties.containsKey(member)) {
                throw new IllegalArgumentException("an extension member may not be named " + member
                        + ", a standard member of a problem (RFC 9457): a document would carry it twice");
            }
        }
        this.retryAfter = retryAfter;
    }

    public ApiException(HttpStatus status, String slug, String title, String detail, Map<String, Object> properties) {
        this(status, slug, title, detail, properties, null);
    }

    public ApiException(HttpStatus status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /** When the client may retry, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
