package org.stockbridge.api.security;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.autoconfigure.NettyServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.stockbridge.api.web.Problems;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request for its target (the path and query as sent) before the application reads it, with a problem like
 * every other refusal, where the server or the framework would answer with an empty body: a target longer than
 * {@code stockbridge.security.limits.max-uri-length} (414 {@code uri-too-long}, with {@code maxLength}), and one that
 * is not a URI (400 {@code invalid-request}: a character that must be percent-encoded, such as a backslash, a quote or
 * a brace, or a {@code %} not followed by two hexadecimal digits), which the framework cannot parse. A route of the
 * server itself, tried before the application's; neither the target nor any part of it is repeated, and there is no
 * trace id, as the request never reached the application. The server reads request lines of up to
 * {@code server.netty.max-initial-line-length} (64 KB here); a longer one still gets its bare 414.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class RequestTargetRefusals {

    /** Room in the request line for the method and the protocol around the target. */
    static final int REQUEST_LINE_OVERHEAD = 32;

    @Bean
    NettyRouteProvider requestTargetRefusalRoute(SecuritySettings settings, JsonMapper json,
                                                 ObjectProvider<NettyServerProperties> netty) {
        int maxLength = Math.toIntExact(settings.limits().maxUriLength().toBytes());
        NettyServerProperties server = netty.getIfAvailable();
        DataSize line = server == null ? null : server.getMaxInitialLineLength();
        if (line != null && line.toBytes() < maxLength + REQUEST_LINE_OVERHEAD) {
            throw new IllegalStateException("stockbridge.security.limits.max-uri-length (" + maxLength + " bytes) "
                    + "must be at least " + REQUEST_LINE_OVERHEAD + " bytes below server.netty.max-initial-line-length "
                    + "(" + line.toBytes() + " bytes), else longer targets get the server's 414 without a problem");
        }
        Refusals refusals = new Refusals(maxLength, json);
        return routes -> routes.route(request -> refusals.refuses(request.uri()), refusals::answer);
    }

    /** The check of a target, and the answer to one refused. */
    static final class Refusals {

        private final int maxLength;
        private final JsonMapper json;

        Refusals(int maxLength, JsonMapper json) {
            this.maxLength = maxLength;
            this.json = json;
        }

        boolean refuses(String target) {
            return target.length() > maxLength || !uri(target);
        }

        Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
            String target = request.uri();
            Map<String, Object> problem = new LinkedHashMap<>();
            HttpResponseStatus status;
            if (target.length() > maxLength) {
                status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
                problem.put("type", Problems.BASE + "uri-too-long");
                problem.put("title", "URI Too Long");
                problem.put("status", status.code());
                problem.put("detail", "the request's target (its path and query) is " + target.length()
                        + " characters long, longer than the " + maxLength + " the service reads");
                problem.put("maxLength", maxLength);
            } else {
                status = HttpResponseStatus.BAD_REQUEST;
                problem.put("type", Problems.INVALID_REQUEST.toString());
                problem.put("title", "Bad Request");
                problem.put("status", status.code());
                problem.put("detail", "the request's target is not a URI: it holds a character that must be "
                        + "percent-encoded, or a % not followed by two hexadecimal digits");
            }
            byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
            response.status(status)
                    .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length))
                    .header(HttpHeaders.CACHE_CONTROL, SecurityHeadersWebFilter.NO_CACHE)
                    .header(HttpHeaders.PRAGMA, "no-cache")
                    .header(HttpHeaders.EXPIRES, "0");
            SecurityHeadersWebFilter.protections(SecurityHeadersWebFilter.API_POLICY,
                    "https".equalsIgnoreCase(request.scheme())).forEach(response::header);
            return response.sendByteArray(Mono.just(body)).then();
        }

        /**
         * Whether the framework can read the target as a URI: at once for one holding only characters a path and
         * query may hold as they are, else as the framework reads it (after a scheme and host). Only a target in the
         * origin form (a path) is checked.
         */
        static boolean uri(String target) {
            if (!target.startsWith("/")) {
                // the absolute form and "*" are left to the framework
                return true;
            }
            boolean plain = true;
            for (int i = 0; i < target.length() && plain; i++) {
                char c = target.charAt(i);
                plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
            }
            if (plain) {
                return true;
            }
            try {
                new URI("http://localhost" + target);
                return true;
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }
}
