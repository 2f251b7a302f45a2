package org.stockbridge.api;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.stockbridge.api.security.LocalTokenIssuer;

/**
 * Tests call the API with real signed tokens from the local issuer. The test client carries an administrator's token
 * unless a test sets its own Authorization header.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestSecurity {

    public static final List<String> ALL_SCOPES = List.of("read", "write", "forecast", "approve", "admin");

    @Bean
    WebTestClientBuilderCustomizer bearerTokenForTests(LocalTokenIssuer issuer) {
        String token = issuer.mint("test-admin", ALL_SCOPES, null, null, null, Duration.ofHours(2));
        return builder -> builder.defaultHeader("Authorization", "Bearer " + token);
    }
}
