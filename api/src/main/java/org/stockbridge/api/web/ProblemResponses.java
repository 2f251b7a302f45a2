package org.stockbridge.api.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a refusal as an RFC 9457 problem document from places that are not controllers (filters, entry points). */
@Component
public class ProblemResponses {

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, ApiException problem) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.empty();
        }
        return write(exchange, problem.status(), problem.type(), problem.title(), problem.getMessage(),
                problem.properties());
    }

    /**
     * Writes the problem without an {@code instance}: for a request refused for what its path or headers hold, which
     * is not repeated back.
     */
    public Mono<Void> writeWithoutInstance(ServerWebExchange exchange, ApiException problem) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.empty();
        }
        return write(exchange, problem.status(), problem.type(), problem.title(), problem.getMessage(), null,
                problem.properties());
    }

    /**
     * Writes the problem document (type, title, status, detail, the request's path as instance, the extra members and
     * the request's trace id) to a response that is not yet committed.
     */
    Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, URI type, String title, String detail,
                     Map<String, Object> properties) {
        return write(exchange, status, type, title, detail, exchange.getRequest().getPath().value(), properties);
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, URI type, String title, String detail,
                             String instance, Map<String, Object> properties) {
        ServerHttpResponse response = exchange.getResponse();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(properties);
        TraceIds.of(exchange).ifPresent(id -> body.put(TraceIds.MEMBER, id));
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
