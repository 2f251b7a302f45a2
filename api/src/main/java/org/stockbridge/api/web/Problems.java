package org.stockbridge.api.web;

import java.net.URI;

/** The stable {@code type} URIs of Stockbridge's RFC 9457 problem details. Clients may switch on them. */
public final class Problems {

    public static final String BASE = "https://stockbridge.dev/problems/";
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");
    public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = URI.create(BASE + "not-acceptable");
    public static final URI INTERNAL = URI.create(BASE + "internal-error");
    public static final URI SERVICE_UNAVAILABLE = URI.create(BASE + "service-unavailable");

    private Problems() {
    }
}
