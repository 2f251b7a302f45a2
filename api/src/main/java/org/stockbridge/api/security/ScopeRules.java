package org.stockbridge.api.security;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.stockbridge.api.web.Caller;

/**
 * The scopes an {@code /api/v1} request needs, by method and path: one table for the access decision and for the
 * {@code requiredScope} a 403 names. Any one of the scopes returned admits the request.
 * <ul>
 *   <li>the audit log ({@code /audit}, {@code /audit/**}, any method) and {@code POST /ingestions}: {@code admin};</li>
 *   <li>{@code GET} of forecasts ({@code /forecasts/**}, {@code /risk}, {@code /risk/**},
 *       {@code /sites/{s}/products/{p}/forecast}, {@code /forecast-models}, {@code /forecast-models/**}) and
 *       {@code POST /transfer-recommendations} or {@code /transfer-scenarios}: {@code forecast};</li>
 *   <li>{@code POST /transfers/{id}/approvals}: {@code approve}; {@code POST /transfers/{id}/cancellation}:
 *       {@code write} or {@code approve};</li>
 *   <li>{@code PUT} of lanes and border crossings ({@code /lanes/**}, {@code /border-crossings/**}): {@code admin};</li>
 *   <li>any other {@code GET} or {@code HEAD}: {@code read}; any other method: {@code write}.</li>
 * </ul>
 * Paths are compared as Spring's path patterns would ({@code *} one non-empty segment, {@code /**} none or more),
 * on the raw path; the firewall has refused encoded slashes, {@code //}, {@code ;} and {@code ..} before this runs.
 * A comparison of strings rather than a walk over a dozen compiled patterns: it runs on every request.
 */
final class ScopeRules {

    private static final String API = "/api/v1/";
    private static final List<String> READ = List.of(Caller.READ);
    private static final List<String> WRITE = List.of(Caller.WRITE);
    private static final List<String> FORECAST = List.of(Caller.FORECAST);
    private static final List<String> APPROVE = List.of(Caller.APPROVE);
    private static final List<String> ADMIN = List.of(Caller.ADMIN);
    private static final List<String> WRITE_OR_APPROVE = List.of(Caller.WRITE, Caller.APPROVE);

    private ScopeRules() {
    }

    /** The scopes of which a request under {@code /api/v1/} needs one. */
    static List<String> required(HttpMethod method, String path) {
        boolean get = HttpMethod.GET.equals(method);
        boolean post = HttpMethod.POST.equals(method);
        if (under(path, "audit") || (post && is(path, "ingestions"))) {
            return ADMIN;
        }
        if (get && (under(path, "forecasts") || under(path, "risk") || under(path, "forecast-models")
                || siteProductForecast(path))) {
            return FORECAST;
        }
        if (post) {
            String transferAction = transferAction(path);
            if ("approvals".equals(transferAction)) {
                return APPROVE;
            }
            if ("cancellation".equals(transferAction)) {
                return WRITE_OR_APPROVE;
            }
            if (is(path, "transfer-recommendations") || is(path, "transfer-scenarios")) {
                return FORECAST;
            }
        }
        if (HttpMethod.PUT.equals(method) && (under(path, "lanes") || under(path, "border-crossings"))) {
            return ADMIN;
        }
        return get || HttpMethod.HEAD.equals(method) ? READ : WRITE;
    }

    /** The scopes a request needs, as a 403 names them ("write or approve"). */
    static String describe(HttpMethod method, String path) {
        return String.join(" or ", required(method, path));
    }

    /** {@code /api/v1/name} exactly. */
    private static boolean is(String path, String name) {
        return path.length() == API.length() + name.length() && path.startsWith(API) && path.endsWith(name);
    }

    /** {@code /api/v1/name} or anything below it ({@code /api/v1/name/**}). */
    private static boolean under(String path, String name) {
        if (!path.startsWith(API) || !path.startsWith(name, API.length())) {
            return false;
        }
        int end = API.length() + name.length();
        return path.length() == end || path.charAt(end) == '/';
    }

    /** {@code /api/v1/sites/{s}/products/{p}/forecast}. */
    private static boolean siteProductForecast(String path) {
        String[] segments = segments(path);
        return segments != null && segments.length == 5 && segments[0].equals("sites") && !segments[1].isEmpty()
                && segments[2].equals("products") && !segments[3].isEmpty() && segments[4].equals("forecast");
    }

    /** The last segment of {@code /api/v1/transfers/{id}/action}, or null for any other path. */
    private static String transferAction(String path) {
        String[] segments = segments(path);
        return segments != null && segments.length == 3 && segments[0].equals("transfers") && !segments[1].isEmpty()
                ? segments[2] : null;
    }

    /** The segments after {@code /api/v1/}, a trailing slash giving an empty last one; null outside the API. */
    private static String[] segments(String path) {
        return path.startsWith(API) ? path.substring(API.length()).split("/", -1) : null;
    }
}
