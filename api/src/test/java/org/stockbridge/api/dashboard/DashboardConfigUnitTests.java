package org.stockbridge.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardConfigUnitTests {

    private static final String KEYCLOAK = "https://sso.example.org/realms/stockbridge";

    @Test
    void without_a_client_id_the_dashboard_signs_in_through_no_provider() {
        Map<String, Object> config = DashboardRoutes.config(new DashboardSettings.Oidc(null, null, null), KEYCLOAK);

        assertThat(config).containsEntry("oidc", null);
    }

    @Test
    void the_provider_is_the_apis_own_issuer_unless_the_browser_reaches_it_elsewhere() {
        Map<String, Object> own = DashboardRoutes.config(
                new DashboardSettings.Oidc(null, "stockbridge-dashboard", null), KEYCLOAK);
        Map<String, Object> elsewhere = DashboardRoutes.config(new DashboardSettings.Oidc(
                "https://login.example.org/realms/stockbridge", "stockbridge-dashboard", "openid profile"), KEYCLOAK);

        assertThat(own.get("oidc")).isEqualTo(Map.of("issuer", KEYCLOAK, "clientId", "stockbridge-dashboard",
                "scope", "openid"));
        assertThat(elsewhere.get("oidc")).isEqualTo(Map.of("issuer", "https://login.example.org/realms/stockbridge",
                "clientId", "stockbridge-dashboard", "scope", "openid profile"));
    }

    @Test
    void a_client_id_without_any_issuer_stops_the_start_with_what_to_set() {
        assertThatThrownBy(() -> DashboardRoutes.config(new DashboardSettings.Oidc(null, "stockbridge-dashboard",
                null), " "))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stockbridge.dashboard.oidc.issuer-uri");
    }

    @Test
    void the_pages_may_fetch_from_the_provider_they_sign_in_through_and_from_nowhere_else() {
        String without = DashboardRoutes.policy(new DashboardSettings.Oidc(null, null, null), KEYCLOAK)
                .contentSecurityPolicy();
        String through = DashboardRoutes.policy(new DashboardSettings.Oidc(null, "stockbridge-dashboard", null),
                KEYCLOAK).contentSecurityPolicy();
        String port = DashboardRoutes.policy(new DashboardSettings.Oidc("http://localhost:8180/realms/stockbridge",
                "stockbridge-dashboard", null), null).contentSecurityPolicy();

        assertThat(without).contains("; connect-src 'self'; ").doesNotContain("example");
        assertThat(through).contains("; connect-src 'self' https://sso.example.org; ");
        assertThat(port).contains("; connect-src 'self' http://localhost:8180; ");
        assertThat(through).startsWith("default-src 'none'; script-src 'self'; style-src 'self'; ")
                .endsWith("; frame-ancestors 'none'").doesNotContain("unsafe");
    }

    @Test
    void the_policy_covers_the_pages_and_their_files_not_the_api() {
        assertThat(List.of("/", "/index.html", "/app", "/app/", "/app/js/main.js", "/app/config"))
                .allMatch(DashboardPolicy::covers);
        assertThat(List.of("/api/v1/sites", "/application", "/apps/x", "/actuator/health", "/swagger-ui.html"))
                .noneMatch(DashboardPolicy::covers);
    }

    @Test
    void an_issuer_that_is_not_an_http_url_is_refused() {
        assertThatThrownBy(() -> new DashboardSettings.Oidc("sso.example.org", "stockbridge-dashboard", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an http(s) URL");
    }
}
