package org.stockbridge.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class BearerTokenConverterUnitTests {

    /** The grammar Spring Security's own converter applies (RFC 6750 b64token). */
    private static final Pattern SPRING = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
            Pattern.CASE_INSENSITIVE);

    @Test
    void a_bearer_header_gives_its_token_whatever_the_case_of_the_scheme() {
        assertThat(BearerTokenConverter.token("Bearer abc.DEF-ghi_~+/==")).isEqualTo("abc.DEF-ghi_~+/==");
        assertThat(BearerTokenConverter.token("bearer abc")).isEqualTo("abc");
        assertThat(BearerTokenConverter.token("BEARER abc")).isEqualTo("abc");
    }

    @Test
    void no_header_or_another_scheme_is_no_token() {
        assertThat(BearerTokenConverter.token(null)).isNull();
        assertThat(BearerTokenConverter.token("Basic dXNlcjpwYXNz")).isNull();
        assertThat(BearerTokenConverter.token("")).isNull();
    }

    @Test
    void a_malformed_bearer_token_is_refused_as_invalid() {
        for (String bad : List.of("Bearer", "Bearer ", "Bearer  abc", "Bearer a b", "Bearer ==", "Bearer abc=def",
                "Bearer abc\t", "Bearerabc", "Bearer ab%c", "Bearer abç")) {
            assertThatThrownBy(() -> BearerTokenConverter.token(bad)).as(bad)
                    .isInstanceOf(OAuth2AuthenticationException.class)
                    .satisfies(e -> assertThat(((OAuth2AuthenticationException) e).getError().getErrorCode())
                            .isEqualTo("invalid_token"));
        }
    }

    @Test
    void it_accepts_and_refuses_exactly_what_spring_securitys_pattern_does() {
        for (String header : List.of("Bearer abc", "bearer x", "Bearer a.b.c", "Bearer a=", "Bearer a==", "Bearer =a",
                "Bearer a=b", "Bearer a b", "Bearer ", "Bearer", "Bearer\tabc", "Bearer  a", "Bearer a/b+c~d_e-f.g",
                "Bearer " + "x".repeat(2000), "Bearer a\n", "Bearer a;")) {
            Matcher spring = SPRING.matcher(header);
            String ours;
            try {
                ours = BearerTokenConverter.token(header);
            } catch (OAuth2AuthenticationException e) {
                ours = null;
            }
            assertThat(ours).as(header).isEqualTo(spring.matches() ? spring.group("token") : null);
        }
    }

    @Test
    void an_exchange_with_a_bearer_header_converts_to_a_bearer_authentication() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/sites")
                .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));

        assertThat(new BearerTokenConverter().convert(exchange).block())
                .isInstanceOfSatisfying(BearerTokenAuthenticationToken.class,
                        token -> assertThat(token.getToken()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
        assertThat(new BearerTokenConverter().convert(MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/v1/sites"))).blockOptional()).isEmpty();
    }
}
