package org.stockbridge.api.web;

import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The last line of error handling: errors raised outside controllers (no route matches, a filter refuses) also answer
 * as RFC 9457 problem details with a stable type, never as an HTML or framework-specific body.
 */
@Component
@Order(-2)
class ProblemDetailsWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsWebExceptionHandler.class);

    private final ProblemResponses problems;

    ProblemDetailsWebExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        HttpStatusCode status = error instanceof ResponseStatusException rse ? rse.getStatusCode()
                : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status.is5xxServerError()) {
            try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) {
                log.error("unhandled error on {}", exchange.getRequest().getPath(), error);
            }
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return problems.write(exchange, status, typeFor(status), known == null ? "Error" : known.getReasonPhrase(),
                detailFor(status, error), Map.of());
    }

    static String detailFor(HttpStatusCode status, Throwable error) {
        if (status.is5xxServerError()) {
            return "an unexpected error occurred; it has been logged";
        }
        if (status.value() == 404) {
            return "no resource at this path";
        }
        return error instanceof ResponseStatusException rse && rse.getReason() != null ? rse.getReason()
                : "the request was refused";
    }

    static URI typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> Problems.INVALID_REQUEST;
            case 404 -> Problems.NOT_FOUND;
            case 405 -> Problems.METHOD_NOT_ALLOWED;
            case 406 -> Problems.NOT_ACCEPTABLE;
            case 415 -> Problems.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> Problems.SERVICE_UNAVAILABLE;
            default -> status.is5xxServerError() ? Problems.INTERNAL : URI.create(Problems.BASE + "http-" + status.value());
        };
    }
}
