package org.stockbridge.api.security;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.stockbridge.api.web.ApiException;

/**
 * The largest request bodies accepted: a multipart upload of data files up to {@code maxUpload} bytes, any other body
 * up to {@code maxBody}; and the one problem every refusal of a body for its size is, {@code payload-too-large} (413)
 * with {@code maxBytes}.
 */
record BodyLimits(long maxBody, long maxUpload) {

    static BodyLimits of(SecuritySettings settings) {
        return new BodyLimits(settings.limits().maxBody().toBytes(), settings.limits().maxUpload().toBytes());
    }

    /** The limit of a request with these headers. */
    long limitFor(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            type = null;
        }
        return type != null && MediaType.MULTIPART_FORM_DATA.includes(type) ? maxUpload : maxBody;
    }

    static ApiException tooLarge(long limit, String detail) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", detail,
                Map.of("maxBytes", limit));
    }
}
