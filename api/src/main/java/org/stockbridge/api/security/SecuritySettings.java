package org.stockbridge.api.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Security settings ({@code stockbridge.security.*}). Tokens from an outside issuer are configured with Spring Boot's
 * own {@code spring.security.oauth2.resourceserver.jwt.*} properties (issuer-uri, jwk-set-uri or public-key-location).
 *
 * @param audience        the {@code aud} every token must name (default {@code stockbridge}); a token issued for
 *                        another service is refused, whoever signed it
 * @param localIssuer     the issuer of local tokens for the demo clients, on only in the embedded default
 * @param rateLimit       requests per second per client
 * @param limits          request body sizes and the longest request target
 * @param changeStreams   how many change streams and long polls one client may hold open at once
 * @param unauthenticated how often one remote address may be refused for want of a valid token, and how often those
 *                        refusals are summarised in the audit log
 */
@ConfigurationProperties("stockbridge.security")
public record SecuritySettings(String audience, LocalIssuer localIssuer, RateLimit rateLimit, Limits limits,
                               ChangeStreams changeStreams, Unauthenticated unauthenticated) {

    public SecuritySettings {
        audience = audience == null || audience.isBlank() ? "stockbridge" : audience.trim();
        localIssuer = localIssuer == null ? new LocalIssuer(null, null, null, null, null) : localIssuer;
        rateLimit = rateLimit == null ? new RateLimit(null) : rateLimit;
        limits = limits == null ? new Limits(null, null, null) : limits;
        changeStreams = changeStreams == null ? new ChangeStreams(null) : changeStreams;
        unauthenticated = unauthenticated == null ? new Unauthenticated(null, null) : unauthenticated;
    }

    /**
     * @param enabled       {@code true} or {@code false}; unset means on exactly when the database is the embedded
     *                      default and no outside issuer is configured
     * @param keyFile       where its RSA signing key is kept (created at first start, readable by the owner only)
     * @param issuer        the {@code iss} of its tokens
     * @param tokenLifetime how long a token is valid
     * @param clients       the demo clients it issues tokens for, by client id
     */
    record LocalIssuer(Boolean enabled, Path keyFile, String issuer, Duration tokenLifetime,
                       Map<String, Client> clients) {

        LocalIssuer {
            keyFile = keyFile == null ? Path.of(System.getProperty("user.home"), ".stockbridge", "local-issuer-key.json")
                    : keyFile;
            issuer = issuer == null ? "stockbridge-local" : issuer;
            tokenLifetime = tokenLifetime == null ? Duration.ofHours(8) : tokenLifetime;
            clients = clients == null ? Map.of() : Map.copyOf(clients);
        }
    }

    /**
     * One client of the local issuer.
     *
     * @param scopes       of read, write, forecast, approve, admin
     * @param jurisdiction where the client acts: {@code US} or {@code CA} for a stockpile manager, {@code US CA} for
     *                     officials and administrators of both countries
     * @param agency       for a partner: the agency whose sites it owns (e.g. {@code US-NY})
     * @param sites        for a partner: the codes of the sites it owns
     */
    record Client(String description, List<String> scopes, String jurisdiction, String agency, List<String> sites) {

        Client {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
            sites = sites == null ? List.of() : List.copyOf(sites);
        }
    }

    /** @param requestsPerSecond per client; default 200 */
    record RateLimit(Integer requestsPerSecond) {

        RateLimit {
            requestsPerSecond = requestsPerSecond == null ? 200 : requestsPerSecond;
            if (requestsPerSecond < 1) {
                throw new IllegalArgumentException("stockbridge.security.rate-limit.requests-per-second must be at "
                        + "least 1, was " + requestsPerSecond);
            }
        }
    }

    /**
     * @param maxBody      the largest JSON or CSV body; default 1 MB
     * @param maxUpload    the largest multipart upload (data files); default 64 MB
     * @param maxUriLength the longest request target (path and query as sent), in characters; default 4 KB
     *                     (4096); beyond, 414 ({@link RequestTargetRefusals})
     */
    record Limits(DataSize maxBody, DataSize maxUpload, DataSize maxUriLength) {

        Limits {
            maxBody = maxBody == null ? DataSize.ofMegabytes(1) : maxBody;
            maxUpload = maxUpload == null ? DataSize.ofMegabytes(64) : maxUpload;
            maxUriLength = maxUriLength == null ? DataSize.ofKilobytes(4) : maxUriLength;
            if (maxUriLength.toBytes() < 1 || maxUriLength.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("stockbridge.security.limits.max-uri-length must be at least 1B "
                        + "and below 2GB, was " + maxUriLength);
            }
        }
    }

    /**
     * @param perClient how many change streams ({@code GET /api/v1/changes/stream}) and long polls
     *                  ({@code GET /api/v1/changes?wait=N}) one client may hold open at once, together; default 5
     */
    record ChangeStreams(Integer perClient) {

        ChangeStreams {
            perClient = perClient == null ? 5 : perClient;
            if (perClient < 1) {
                throw new IllegalArgumentException("stockbridge.security.change-streams.per-client must be at least 1, "
                        + "was " + perClient);
            }
        }
    }

    /**
     * Requests refused for want of a valid token (401: none, or a bad one), per remote address.
     *
     * @param refusalsPerMinute how many such refusals one remote address gets a minute; beyond, 429 with
     *                          {@code Retry-After}; default 60
     * @param auditInterval     how often the audit log's summaries of refusals without a verified caller are written
     *                          (one row per remote address and status per interval); default one minute, at least one
     *                          second
     */
    public record Unauthenticated(Integer refusalsPerMinute, Duration auditInterval) {

        public Unauthenticated {
            refusalsPerMinute = refusalsPerMinute == null ? 60 : refusalsPerMinute;
            auditInterval = auditInterval == null ? Duration.ofMinutes(1) : auditInterval;
            if (refusalsPerMinute < 1) {
                throw new IllegalArgumentException("stockbridge.security.unauthenticated.refusals-per-minute must be "
                        + "at least 1, was " + refusalsPerMinute);
            }
            if (auditInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("stockbridge.security.unauthenticated.audit-interval must be at "
                        + "least 1 s, was " + auditInterval);
            }
        }
    }
}
