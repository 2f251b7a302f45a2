package org.stockbridge.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void an_issuer_that_is_not_an_http_url_is_refused() {
        assertThatThrownBy(() -> new DashboardSettings.Oidc("sso.example.org", "stockbridge-dashboard", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an http(s) URL");
    }
}
