package org.stockbridge.api.dashboard;

import java.net.URI;

/**
 * The Content-Security-Policy of the dashboard's pages: scripts, styles and images from the service itself only (the
 * pages hold no inline script or style, and no handler attribute), fetches to the service and to the OpenID Connect
 * provider the pages sign in through (its discovery document and token endpoint, on the issuer's origin), no plugins,
 * no {@code <base>}, forms posted nowhere else, and no framing. Written by the security headers filter on every answer
 * under {@link #covers covered} paths; everything else the service answers gets a policy allowing nothing.
 *
 * @param contentSecurityPolicy the header's value
 */
public record DashboardPolicy(String contentSecurityPolicy) {

    /** The policy for pages that sign in through the provider of {@code issuer}, or through none when it is null. */
    static DashboardPolicy of(String issuer) {
        String provider = issuer == null ? "" : " " + origin(issuer);
        return new DashboardPolicy("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                + "connect-src 'self'" + provider + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    }

    /** Whether the answer to a request for {@code path} is one of the dashboard's pages or files. */
    public static boolean covers(String path) {
        return path.equals("/") || path.equals("/index.html") || path.equals("/app") || path.startsWith("/app/");
    }

    /** {@code scheme://host[:port]} of an http(s) URL. */
    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority();
    }
}
