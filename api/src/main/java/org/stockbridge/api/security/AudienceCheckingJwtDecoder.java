package org.stockbridge.api.security;

import java.util.List;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Refuses a token whose {@code aud} does not name Stockbridge ({@code stockbridge.security.audience}), whichever issuer
 * verified it: a token the agencies' provider issued for another service must not open this one. Applied to every
 * decoder, the local issuer's and an outside issuer's alike, before a verified token is remembered.
 */
final class AudienceCheckingJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> audience;

    AudienceCheckingJwtDecoder(ReactiveJwtDecoder delegate, String audience) {
        this.delegate = delegate;
        this.audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                named -> named != null && named.contains(audience));
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        return delegate.decode(token).flatMap(jwt -> {
            OAuth2TokenValidatorResult result = audience.validate(jwt);
            return result.hasErrors()
                    ? Mono.error(new JwtValidationException("the token is not meant for Stockbridge (its aud does not "
                            + "name it)", result.getErrors()))
                    : Mono.just(jwt);
        });
    }
}
