package org.stockbridge.api.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dashboard settings ({@code stockbridge.dashboard.*}).
 *
 * @param oidc the agencies' OpenID Connect provider the dashboard's pages sign in through, if any
 */
@ConfigurationProperties("stockbridge.dashboard")
public record DashboardSettings(Oidc oidc) {

    public DashboardSettings {
        oidc = oidc == null ? new Oidc(null, null, null) : oidc;
    }

    /**
     * The provider's public client for the dashboard: the pages sign in with the authorization code flow and PKCE
     * (S256), so the client has no secret. Sign-in through the provider is on when a client id is set.
     *
     * @param issuerUri the issuer as the browser reaches it; unset, the API's own
     *                  {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
     * @param clientId  the public client's id (e.g. {@code stockbridge-dashboard})
     * @param scope     the scopes the pages ask for; default {@code openid}: the provider adds the Stockbridge scopes
     *                  the user's roles grant
     */
    public record Oidc(String issuerUri, String clientId, String scope) {

        public Oidc {
            issuerUri = blank(issuerUri) ? null : issuerUri.trim();
            clientId = blank(clientId) ? null : clientId.trim();
            scope = blank(scope) ? "openid" : scope.trim();
            if (issuerUri != null && !issuerUri.startsWith("https://") && !issuerUri.startsWith("http://")) {
                throw new IllegalArgumentException("stockbridge.dashboard.oidc.issuer-uri must be an http(s) URL, was "
                        + issuerUri);
            }
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }
    }
}
