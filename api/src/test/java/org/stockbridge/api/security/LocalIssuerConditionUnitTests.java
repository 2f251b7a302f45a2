package org.stockbridge.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class LocalIssuerConditionUnitTests {

    @Test
    void the_local_issuer_is_on_in_the_embedded_default() {
        assertThat(SecurityConfiguration.LocalIssuerEnabled.enabled(new MockEnvironment())).isTrue();
    }

    @Test
    void an_external_database_turns_the_local_issuer_off() {
        assertThat(SecurityConfiguration.LocalIssuerEnabled.enabled(new MockEnvironment()
                .withProperty("stockbridge.db.url", "postgresql://db.example.org/stockbridge"))).isFalse();
        assertThat(SecurityConfiguration.LocalIssuerEnabled.enabled(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db.example.org/stockbridge"))).isFalse();
    }

    @Test
    void an_outside_issuer_turns_the_local_issuer_off() {
        assertThat(SecurityConfiguration.LocalIssuerEnabled.enabled(new MockEnvironment()
                .withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://idp.example.org")))
                .isFalse();
    }

    @Test
    void an_explicit_setting_wins() {
        assertThat(SecurityConfiguration.LocalIssuerEnabled.enabled(new MockEnvironment()
                .withProperty("stockbridge.db.url", "postgresql://db.example.org/stockbridge")
                .withProperty("stockbridge.security.local-issuer.enabled", "true"))).isTrue();
        assertThat(SecurityConfiguration.LocalIssuerEnabled.enabled(new MockEnvironment()
                .withProperty("stockbridge.security.local-issuer.enabled", "false"))).isFalse();
    }
}
