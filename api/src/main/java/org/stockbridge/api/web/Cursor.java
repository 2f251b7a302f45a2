package org.stockbridge.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A keyset position in a list ordered by a numeric key, carried to clients as an opaque string. */
public record Cursor(long afterKey) {

    private static final String PREFIX = "k1:";

    public static Cursor after(long key) {
        return new Cursor(key);
    }

    public static Cursor start() {
        return new Cursor(0);
    }

    /** Decodes a cursor given by a client; null or blank means the first page. */
    public static Cursor decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return start();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                throw new InvalidRequestException("cursor", "cursor is not one this API issued");
            }
            return new Cursor(Long.parseLong(text.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("cursor", "cursor is not one this API issued");
        }
    }

    public String encoded() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + afterKey).getBytes(StandardCharsets.UTF_8));
    }
}
