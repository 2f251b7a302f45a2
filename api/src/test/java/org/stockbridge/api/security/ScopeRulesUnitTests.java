package org.stockbridge.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

class ScopeRulesUnitTests {

    /** The same rules written as Spring path patterns, first match wins, as a path-matcher list would apply them. */
    private record Rule(HttpMethod method, List<String> patterns, List<String> scopes) {
    }

    private static final List<Rule> PATTERNS = List.of(
            new Rule(null, List.of("/api/v1/audit", "/api/v1/audit/**"), List.of("admin")),
            new Rule(HttpMethod.POST, List.of("/api/v1/ingestions"), List.of("admin")),
            new Rule(HttpMethod.GET, List.of("/api/v1/forecasts/**", "/api/v1/risk", "/api/v1/risk/**",
                    "/api/v1/sites/*/products/*/forecast", "/api/v1/forecast-models", "/api/v1/forecast-models/**"),
                    List.of("forecast")),
            new Rule(HttpMethod.POST, List.of("/api/v1/transfers/*/approvals"), List.of("approve")),
            new Rule(HttpMethod.POST, List.of("/api/v1/transfers/*/cancellation"), List.of("write", "approve")),
            new Rule(HttpMethod.POST, List.of("/api/v1/transfer-recommendations", "/api/v1/transfer-scenarios"),
                    List.of("forecast")),
            new Rule(HttpMethod.PUT, List.of("/api/v1/lanes/**", "/api/v1/border-crossings/**"), List.of("admin")),
            new Rule(HttpMethod.GET, List.of("/api/v1/**"), List.of("read")),
            new Rule(HttpMethod.HEAD, List.of("/api/v1/**"), List.of("read")),
            new Rule(null, List.of("/api/v1/**"), List.of("write")));

    private static List<String> byPatterns(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Rule rule : PATTERNS) {
            if (rule.method() != null && !rule.method().equals(method)) {
                continue;
            }
            for (String pattern : rule.patterns()) {
                PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
                if (parsed.matches(container)) {
                    return rule.scopes();
                }
            }
        }
        throw new AssertionError("no rule for " + method + " " + path);
    }

    private static final List<String> PATHS = List.of(
            "/api/v1/sites", "/api/v1/sites/", "/api/v1/sites/SNS-R01", "/api/v1/sites/SNS-R01/stock",
            "/api/v1/sites/SNS-R01/products/PPE-n95/lots/L1/balance", "/api/v1/sites/SNS-R01/products/PPE-n95/forecast",
            "/api/v1/sites/SNS-R01/products/PPE-n95/forecast/", "/api/v1/sites/SNS-R01/products/PPE-n95/forecasts",
            "/api/v1/sites/SNS-R01/products/PPE-n95/forecast/x", "/api/v1/sites/products/forecast",
            "/api/v1/audit", "/api/v1/audit/", "/api/v1/audit/17", "/api/v1/auditing", "/api/v1/audits",
            "/api/v1/ingestions", "/api/v1/ingestions/5", "/api/v1/ingestions/", "/api/v1/forecasts",
            "/api/v1/forecasts/", "/api/v1/forecasts/shortfalls", "/api/v1/forecastsx", "/api/v1/risk",
            "/api/v1/risk/", "/api/v1/risk/ingredients", "/api/v1/risky", "/api/v1/forecast-models",
            "/api/v1/forecast-models/demand/versions", "/api/v1/forecast-model", "/api/v1/transfers",
            "/api/v1/transfers/17", "/api/v1/transfers/17/approvals", "/api/v1/transfers/17/approvals/",
            "/api/v1/transfers/17/cancellation", "/api/v1/transfers/17/dispatch", "/api/v1/transfers/approvals",
            "/api/v1/transfers/17/approvals/2", "/api/v1/transfer-recommendations",
            "/api/v1/transfer-recommendations/", "/api/v1/transfer-scenarios", "/api/v1/transfer-scenarios/x",
            "/api/v1/lanes", "/api/v1/lanes/", "/api/v1/lanes/SNS-R01/NESS-NAT", "/api/v1/lanesx",
            "/api/v1/border-crossings", "/api/v1/border-crossings/BC-1", "/api/v1/movements",
            "/api/v1/movements/documents", "/api/v1/feed", "/api/v1/", "/api/v1/x");

    @Test
    void the_scope_table_decides_as_the_same_rules_written_as_spring_path_patterns_for_every_method_and_path() {
        List<String> differences = new ArrayList<>();
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
                HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS)) {
            for (String path : PATHS) {
                List<String> expected = byPatterns(method, path);
                List<String> actual = ScopeRules.required(method, path);
                if (!expected.equals(actual)) {
                    differences.add(method + " " + path + ": patterns " + expected + ", table " + actual);
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void a_refusal_names_every_scope_that_would_admit_the_request() {
        assertThat(ScopeRules.describe(HttpMethod.POST, "/api/v1/transfers/9/cancellation")).isEqualTo("write or approve");
        assertThat(ScopeRules.describe(HttpMethod.GET, "/api/v1/sites/A/products/B/forecast")).isEqualTo("forecast");
        assertThat(ScopeRules.describe(HttpMethod.DELETE, "/api/v1/audit/3")).isEqualTo("admin");
        assertThat(ScopeRules.describe(HttpMethod.PATCH, "/api/v1/sites/A")).isEqualTo("write");
    }

    @Test
    void the_scope_a_request_needs_follows_its_method_and_path() {
        assertThat(ScopeRules.describe(HttpMethod.GET, "/api/v1/sites"))
                .isEqualTo("read");
        assertThat(ScopeRules.describe(HttpMethod.POST, "/api/v1/movements"))
                .isEqualTo("write");
        assertThat(ScopeRules.describe(HttpMethod.GET, "/api/v1/audit"))
                .isEqualTo("admin");
        assertThat(ScopeRules.describe(HttpMethod.POST,
                "/api/v1/transfers/17/approvals")).isEqualTo("approve");
    }
}
