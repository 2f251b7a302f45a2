package org.stockbridge.api.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/** Turns every error into an RFC 9457 problem detail with a stable {@code type}. */
@RestControllerAdvice
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    /** PostgreSQL's SQLState of a statement cancelled on the server (statement timeout or a cancel request). */
    private static final String QUERY_CANCELED = "57014";

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, ServerWebExchange exchange) {
        return problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", e.getMessage(), exchange);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, ServerWebExchange exchange) {
        ResponseEntity<ProblemDetail> response =
                problem(HttpStatus.BAD_REQUEST, Problems.INVALID_REQUEST, "Invalid request", e.getMessage(), exchange);
        response.getBody().setProperty("parameter", e.parameter());
        return response;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> refused(ApiException e, ServerWebExchange exchange) {
        if (log.isDebugEnabled()) {
            try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) {
                log.debug("{} {} refused: {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                        e.status().value(), e.type());
            }
        }
        ResponseEntity<ProblemDetail> response = problem(e.status(), e.type(), e.title(), e.getMessage(), exchange);
        e.properties().forEach(response.getBody()::setProperty);
        if (e.retryAfter() != null) {
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .header(org.springframework.http.HttpHeaders.RETRY_AFTER,
                            Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                    .body(response.getBody());
        }
        return response;
    }

    /**
     * A header the firewall refuses is found when it is first read, which may be in a handler: refused as the firewall
     * refuses it in the security chain ({@link FirewallRefusals}), not as an unexpected error. The path passed the
     * firewall, so it is the instance as usual.
     */
    @ExceptionHandler(ServerExchangeRejectedException.class)
    ResponseEntity<ProblemDetail> firewall(ServerExchangeRejectedException e, ServerWebExchange exchange) {
        ApiException refusal = FirewallRefusals.problem(e);
        return problem(refusal.status(), refusal.type(), refusal.title(), refusal.getMessage(), exchange);
    }

    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<ProblemDetail> databaseDown(DataAccessResourceFailureException e, ServerWebExchange exchange) {
        return databaseUnavailable(e, lostConnection(e), exchange);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        if (cancelledByServer(e)) {
            return databaseUnavailable(e, false, exchange);
        }
        if (lostConnection(e)) {
            return databaseUnavailable(e, true, exchange);
        }
        try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) {
            log.error("unexpected error on {}", exchange.getRequest().getPath(), e);
        }
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL, "Internal error",
                "an unexpected error occurred; it has been logged", exchange);
    }

    /**
     * A lost or refused database connection is transient, and so is a read refused because too many wait for the
     * database or not answered in time: 503 with Retry-After, so clients retry (with the same Idempotency-Key);
     * nothing of the failed transaction was kept. The detail says which of the two it was.
     */
    private ResponseEntity<ProblemDetail> databaseUnavailable(Exception e, boolean lost, ServerWebExchange exchange) {
        try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) {
            log.warn("database unavailable for {}: {}", exchange.getRequest().getPath(), rootMessage(e));
        }
        String detail = lost ? "the database connection was lost; nothing was changed, retry"
                : "the database cannot answer now (too many requests wait for it, or it did not answer in time); "
                        + "nothing was changed, retry";
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE,
                "Service unavailable", detail, exchange);
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(org.springframework.http.HttpHeaders.RETRY_AFTER, "1").body(response.getBody());
    }

    /**
     * Whether the server cancelled the statement (SQLState 57014: past the sessions' statement timeout, ADR 0020),
     * which the driver reports as a resource failure although the connection is fine.
     */
    private static boolean cancelledByServer(Throwable error) {
        io.r2dbc.spi.R2dbcException r2dbc = cause(error, io.r2dbc.spi.R2dbcException.class);
        return r2dbc != null && QUERY_CANCELED.equals(r2dbc.getSqlState());
    }

    private static boolean lostConnection(Throwable error) {
        if (cancelledByServer(error)) {
            return false;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof io.r2dbc.spi.R2dbcNonTransientResourceException
                    || t instanceof io.r2dbc.spi.R2dbcTransientResourceException
                    || t instanceof java.nio.channels.ClosedChannelException
                    || t.getClass().getSimpleName().equals("PostgresConnectionClosedException")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * Framework errors (bad parameter types, unknown routes, wrong methods) get the same shape and stable types, and a
     * refusal always says why: a value the framework could not convert to the parameter's type by
     * {@link ConversionProblems}, a JSON body it could not read by {@link BodyProblems} (naming the field, not the
     * method's body parameter), any other without a detail of its own as the last-line handler would.
     */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body,
            org.springframework.http.HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ProblemDetail detail = body instanceof ProblemDetail given ? given : ProblemDetail.forStatus(status);
        detail.setType(ProblemDetailsWebExceptionHandler.typeFor(status));
        JacksonException unreadable = ex instanceof ServerWebInputException ? cause(ex, JacksonException.class) : null;
        if (unreadable != null) {
            BodyProblems problem = BodyProblems.of(unreadable);
            detail.setDetail(problem.detail());
            if (problem.field() != null) {
                detail.setProperty("parameter", problem.field());
            }
        } else if (ex instanceof ServerWebInputException input && input.getMethodParameter() != null
                && !input.getMethodParameter().hasParameterAnnotation(RequestBody.class)) {
            String name = ConversionProblems.parameterName(input.getMethodParameter());
            if (name != null) {
                detail.setProperty("parameter", name);
            }
            TypeMismatchException mismatch = cause(input.getCause(), TypeMismatchException.class);
            if (mismatch != null) {
                detail.setDetail(ConversionProblems.detail(name, mismatch));
            }
        }
        if (detail.getDetail() == null && status.is4xxClientError()) {
            detail.setDetail(ProblemDetailsWebExceptionHandler.detailFor(status, ex));
        }
        detail.setInstance(URI.create(exchange.getRequest().getPath().value()));
        TraceIds.of(exchange).ifPresent(id -> detail.setProperty(TraceIds.MEMBER, id));
        return super.handleExceptionInternal(ex, detail, headers, status, exchange);
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String title, String detail,
                                                         ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        TraceIds.of(exchange).ifPresent(id -> problem.setProperty(TraceIds.MEMBER, id));
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
