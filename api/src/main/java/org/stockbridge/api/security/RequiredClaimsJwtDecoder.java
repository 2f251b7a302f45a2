package org.stockbridge.api.security;

import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * What Stockbridge requires of every verified token, whichever issuer verified it (the local issuer's decoder and an
 * outside issuer's alike), before it is remembered or used: its {@code aud} names Stockbridge
 * ({@code stockbridge.security.audience}), so a token the agencies' provider issued for another service does not open
 * this one; it has an {@code exp}, so no token is valid forever; and it has a non-blank {@code sub}, the client that
 * rate limits, idempotency keys and the audit log are kept for. A token failing any of them is refused (401).
 */
final class RequiredClaimsJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> rules;

    RequiredClaimsJwtDecoder(ReactiveJwtDecoder delegate, String audience) {
        this.delegate = delegate;
        // Spring Security's own lifetime check, with exp required ("exp is required")
        JwtTimestampValidator lifetime = new JwtTimestampValidator();
        lifetime.setAllowEmptyExpiryClaim(false);
        this.rules = new DelegatingOAuth2TokenValidator<>(
                rule(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience),
                        "the token is not meant for Stockbridge (its aud does not name " + audience + ")"),
                lifetime,
                rule(jwt -> jwt.getSubject() != null && !jwt.getSubject().isBlank(),
                        "the token names no subject (sub): its client must be known"));
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        return delegate.decode(token).flatMap(jwt -> {
            OAuth2TokenValidatorResult result = rules.validate(jwt);
            if (!result.hasErrors()) {
                return Mono.just(jwt);
            }
            String reasons = result.getErrors().stream().map(OAuth2Error::getDescription).distinct()
                    .collect(Collectors.joining("; "));
            return Mono.error(new JwtValidationException(reasons, result.getErrors()));
        });
    }

    /** A rule a token must pass, failing with {@code description}. */
    private static OAuth2TokenValidator<Jwt> rule(Predicate<Jwt> test, String description) {
        OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
        return jwt -> test.test(jwt) ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(error);
    }
}
