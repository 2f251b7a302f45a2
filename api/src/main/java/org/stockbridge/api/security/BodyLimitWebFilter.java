package org.stockbridge.api.security;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose declared body is larger than allowed (413) before anything reads it: multipart uploads of
 * data files may be up to {@code max-upload}, every other body up to {@code max-body}. Bodies sent without a length
 * are held to the same limit by the codecs ({@code spring.codec.max-in-memory-size}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodyLimitWebFilter implements WebFilter {

    private final long maxBody;
    private final long maxUpload;
    private final ProblemResponses problems;

    BodyLimitWebFilter(SecuritySettings settings, ProblemResponses problems) {
        this.maxBody = settings.limits().maxBody().toBytes();
        this.maxUpload = settings.limits().maxUpload().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        long limit = type != null && MediaType.MULTIPART_FORM_DATA.includes(type) ? maxUpload : maxBody;
        if (length > limit) {
            return problems.write(exchange, new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                    "Payload too large", "the body is " + length + " bytes; at most " + limit + " are accepted here",
                    Map.of("maxBytes", limit)));
        }
        return chain.filter(exchange);
    }
}
