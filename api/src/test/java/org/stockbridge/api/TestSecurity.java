package org.stockbridge.api;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.stockbridge.api.security.LocalTokenIssuer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Tests call the API with real signed tokens from the local issuer. The test client carries an administrator's token
 * unless a test sets its own Authorization header.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestSecurity {

    public static final List<String> ALL_SCOPES = List.of("read", "write", "forecast", "approve", "admin");

    @Bean
    WebTestClientBuilderCustomizer bearerTokenForTests(LocalTokenIssuer issuer) {
        String token = issuer.mint("test-admin", ALL_SCOPES, "US CA", null, null, Duration.ofHours(2));
        // A fresh connection per request: a test never waits on a kept-alive connection that the server has already
        // given up after an early refusal (a 400 or 429 answered before the request body was read).
        return builder -> builder.defaultHeader("Authorization", "Bearer " + token)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())));
    }
}
