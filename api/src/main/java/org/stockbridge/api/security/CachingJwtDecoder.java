package org.stockbridge.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers the tokens the issuer's decoder has verified (signature, issuer, lifetime), per token string, so a client
 * that sends the same bearer token on every request pays for one signature check, not one per request. An entry
 * lives at most {@code maxAge} and never past the token's {@code exp}; a token without {@code exp} is not kept.
 * Refused tokens are never kept: each one is checked again. The cache holds at most {@code maxTokens} tokens
 * (least recently used go first).
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Cache<String, Jwt> verified;
    private final Clock clock;
    private final Duration maxAge;

    CachingJwtDecoder(ReactiveJwtDecoder delegate, Duration maxAge, long maxTokens) {
        this(delegate, maxAge, maxTokens, Clock.systemUTC(), Ticker.systemTicker());
    }

    CachingJwtDecoder(ReactiveJwtDecoder delegate, Duration maxAge, long maxTokens, Clock clock, Ticker ticker) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        this.delegate = delegate;
        this.clock = clock;
        this.maxAge = maxAge;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .ticker(ticker)
                .expireAfter(new Expiry<String, Jwt>() {
                    @Override
                    public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
                        return lifetime(jwt).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
                        return lifetime(jwt).toNanos();
                    }

                    @Override
                    public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null && stillValid(known)) {
            return Mono.just(known);
        }
        return delegate.decode(token).doOnNext(jwt -> {
            if (!lifetime(jwt).isZero()) {
                verified.put(token, jwt);
            }
        });
    }

    /** How long a verified token may be kept: until its expiry, at most {@code maxAge}; zero without an expiry. */
    private Duration lifetime(Jwt jwt) {
        Instant expires = jwt.getExpiresAt();
        if (expires == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), expires);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return left.compareTo(maxAge) < 0 ? left : maxAge;
    }

    /** A second guard beside the cache's own expiry: a kept token is never used at or past its {@code exp}. */
    private boolean stillValid(Jwt jwt) {
        return jwt.getExpiresAt() != null && clock.instant().isBefore(jwt.getExpiresAt());
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
