package org.stockbridge.api.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** Strong ETags that carry a resource's version, and the {@code If-Match} checks of changes to it. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} names: 428 when it is missing, 412 when it is not an ETag this API issued. */
    public static long required(String ifMatch, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "If-Match required",
                    what + " requires If-Match with the current ETag");
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw stale("If-Match " + ifMatch + " is not an ETag this API issued", null);
        }
    }

    /** 412 when the resource is no longer at the version the client saw. */
    public static void check(long expected, long current, String what) {
        if (expected != current) {
            throw stale(what + " changed since version " + expected + "; it is now at " + of(current), current);
        }
    }

    private static ApiException stale(String detail, Long current) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed", detail,
                current == null ? Map.of() : Map.of("etag", of(current)));
    }
}
