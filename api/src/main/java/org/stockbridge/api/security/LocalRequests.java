package org.stockbridge.api.security;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.stockbridge.api.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * Whether a request for local demo tokens comes from this machine and from a page of this machine. It must come from a
 * loopback address, its {@code Host} must be a loopback name ({@code localhost}, {@code 127.0.0.1} or {@code [::1]},
 * any port), and its {@code Origin}, when it has one, must be an origin whose host is such a name. The last two keep a
 * web page of another site from getting a token through the browser of someone on this machine: by DNS rebinding its
 * requests reach this port from a loopback address but name the foreign host, and a plain cross-site request carries
 * the foreign origin. The dashboard, served by this application, sends its own origin (or none on a GET).
 */
final class LocalRequests {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final int MAX_ECHOED = 100;

    private LocalRequests() {
    }

    /** Completes when the request comes from this machine's own pages; else fails with 403 saying why. */
    static Mono<Void> verify(ServerHttpRequest request) {
        return refusal(request).<Mono<Void>>map(Mono::error).orElseGet(Mono::empty);
    }

    /** Why the request is refused, or empty when it comes from this machine's own pages. */
    static Optional<ApiException> refusal(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return Optional.of(forbidden("local tokens are issued to callers on this machine only"));
        }
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        if (host == null || !loopbackAuthority(host)) {
            return Optional.of(forbidden("local tokens are issued only to requests whose Host is localhost, 127.0.0.1 "
                    + "or [::1]; Host was " + echo(host)));
        }
        String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
        if (origin != null && !loopbackOrigin(origin)) {
            return Optional.of(forbidden("local tokens are issued only to pages of this machine; the Origin "
                    + echo(origin) + " is not http(s)://localhost, 127.0.0.1 or [::1]"));
        }
        return Optional.empty();
    }

    /** A {@code Host} value naming a loopback host, with or without a port. */
    static boolean loopbackAuthority(String authority) {
        String value = authority.trim();
        String host;
        String port;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return false;
            }
            host = value.substring(0, end + 1);
            port = value.substring(end + 1);
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? "" : value.substring(colon);
        }
        return LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT)) && (port.isEmpty() || port.matches(":[0-9]{1,5}"));
    }

    /** An {@code Origin} value (scheme, host and optional port) of a loopback host; {@code null} origins are not. */
    static boolean loopbackOrigin(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getRawAuthority() != null
                    && uri.getRawUserInfo() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && loopbackAuthority(uri.getRawAuthority());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String echo(String value) {
        if (value == null) {
            return "absent";
        }
        return value.length() <= MAX_ECHOED ? value : value.substring(0, MAX_ECHOED) + "...";
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }
}
