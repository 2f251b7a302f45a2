package org.stockbridge.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class CachingJwtDecoderUnitTests {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final CountingDecoder issuer = new CountingDecoder(clock);
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(issuer, Duration.ofMinutes(5), 100, clock,
            clock::nanos);

    @Test
    void the_same_token_is_verified_once_and_then_served_from_the_cache() {
        issuer.accept("token-a", clock.instant().plus(Duration.ofHours(1)));

        Jwt first = decoder.decode("token-a").block();
        Jwt second = decoder.decode("token-a").block();

        assertThat(second).isSameAs(first);
        assertThat(issuer.calls("token-a")).isEqualTo(1);
    }

    @Test
    void a_remembered_token_is_verified_again_after_the_cache_age() {
        issuer.accept("token-a", clock.instant().plus(Duration.ofHours(1)));
        decoder.decode("token-a").block();

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        decoder.decode("token-a").block();

        assertThat(issuer.calls("token-a")).isEqualTo(2);
    }

    @Test
    void a_remembered_token_is_never_accepted_past_its_expiry() {
        issuer.accept("token-a", clock.instant().plus(Duration.ofSeconds(30)));
        decoder.decode("token-a").block();

        clock.advance(Duration.ofSeconds(31));

        assertThatThrownBy(() -> decoder.decode("token-a").block()).isInstanceOf(BadJwtException.class);
        assertThat(issuer.calls("token-a")).isEqualTo(2);
    }

    @Test
    void a_refused_token_is_not_remembered_and_is_checked_on_every_request() {
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);

        assertThat(issuer.calls("forged")).isEqualTo(2);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void a_token_without_an_expiry_is_not_remembered() {
        issuer.accept("no-exp", null);

        decoder.decode("no-exp").block();
        decoder.decode("no-exp").block();

        assertThat(issuer.calls("no-exp")).isEqualTo(2);
    }

    @Test
    void different_tokens_of_one_client_are_kept_apart() {
        issuer.accept("token-a", clock.instant().plus(Duration.ofHours(1)));
        issuer.accept("token-b", clock.instant().plus(Duration.ofHours(1)));

        Jwt a = decoder.decode("token-a").block();
        Jwt b = decoder.decode("token-b").block();

        assertThat(a.getTokenValue()).isEqualTo("token-a");
        assertThat(b.getTokenValue()).isEqualTo("token-b");
        assertThat(decoder.size()).isEqualTo(2);
    }

    /** Stands in for the issuer's decoder: accepts the tokens it was told of while they have not expired. */
    private static final class CountingDecoder implements ReactiveJwtDecoder {

        private final Clock clock;
        private final Map<String, Instant> accepted = new HashMap<>();
        private final List<String> decoded = new ArrayList<>();

        CountingDecoder(Clock clock) {
            this.clock = clock;
        }

        void accept(String token, Instant expiresAt) {
            accepted.put(token, expiresAt);
        }

        long calls(String token) {
            return decoded.stream().filter(token::equals).count();
        }

        @Override
        public Mono<Jwt> decode(String token) {
            decoded.add(token);
            if (!accepted.containsKey(token)) {
                return Mono.error(new BadJwtException("signature does not verify"));
            }
            Instant expires = accepted.get(token);
            if (expires != null && !clock.instant().isBefore(expires)) {
                return Mono.error(new BadJwtException("Jwt expired at " + expires));
            }
            Jwt.Builder jwt = Jwt.withTokenValue(token).header("alg", "RS256").subject("client")
                    .issuedAt(clock.instant());
            if (expires != null) {
                jwt.expiresAt(expires);
            }
            return Mono.just(jwt.build());
        }
    }

    /** A clock and a ticker that move only when told to. */
    private static final class MovableClock extends Clock {

        private final Instant start;
        private final AtomicLong elapsed = new AtomicLong();

        MovableClock(Instant start) {
            this.start = start;
        }

        void advance(Duration by) {
            elapsed.addAndGet(by.toNanos());
        }

        long nanos() {
            return elapsed.get();
        }

        @Override
        public Instant instant() {
            return start.plusNanos(elapsed.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
