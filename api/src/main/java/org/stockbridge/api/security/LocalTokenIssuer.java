package org.stockbridge.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Signs local bearer tokens for the demo clients of {@code stockbridge.security.local-issuer.clients} with an RSA key
 * kept in a file of its own, and verifies them. It exists only in the embedded default configuration (or when enabled
 * explicitly for evaluation); every other configuration verifies the tokens of an outside issuer.
 */
public final class LocalTokenIssuer {

    private static final Logger log = LoggerFactory.getLogger(LocalTokenIssuer.class);

    private final SecuritySettings.LocalIssuer settings;
    private final String audience;
    private final RSAKey key;
    private final NimbusJwtEncoder encoder;

    LocalTokenIssuer(SecuritySettings.LocalIssuer settings, String audience) {
        this.settings = settings;
        this.audience = audience;
        this.key = loadOrCreate(settings.keyFile());
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    }

    /** A token for one of the configured demo clients. */
    public String mint(String clientId) {
        SecuritySettings.Client client = settings.clients().get(clientId);
        if (client == null) {
            throw new IllegalArgumentException("no local client " + clientId + "; the clients are "
                    + settings.clients().keySet().stream().sorted().toList());
        }
        return mint(clientId, client.scopes(), client.jurisdiction(), client.agency(), client.sites(),
                settings.tokenLifetime());
    }

    /**
     * A token with exactly these claims (for the demo clients and for tests); a negative lifetime gives a token that
     * expired that long ago. {@code jurisdiction} may name both countries ({@code "US CA"}), which the token then
     * carries as a list.
     */
    public String mint(String subject, List<String> scopes, String jurisdiction, String agency, List<String> sites,
                       Duration lifetime) {
        return mint(subject, scopes, jurisdiction, agency, sites, lifetime, List.of(audience));
    }

    /** As {@link #mint(String, List, String, String, List, Duration)}, for the audiences named (none: no aud). */
    public String mint(String subject, List<String> scopes, String jurisdiction, String agency, List<String> sites,
                       Duration lifetime, List<String> audiences) {
        Instant now = Instant.now();
        Instant expires = now.plus(lifetime);
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(settings.issuer())
                .subject(subject)
                .issuedAt(lifetime.isNegative() ? expires.minus(Duration.ofHours(1)) : now)
                .expiresAt(expires)
                .id(UUID.randomUUID().toString())
                .claim("scope", String.join(" ", scopes));
        if (!audiences.isEmpty()) {
            claims.audience(List.copyOf(audiences));
        }
        if (jurisdiction != null && !jurisdiction.isBlank()) {
            List<String> named = List.of(jurisdiction.trim().split("[\\s,]+"));
            claims.claim(CallerWebFilter.JURISDICTION, named.size() == 1 ? named.get(0) : named);
        }
        if (agency != null && !agency.isBlank()) {
            claims.claim(CallerWebFilter.AGENCY, agency);
        }
        if (sites != null && !sites.isEmpty()) {
            claims.claim(CallerWebFilter.SITES, List.copyOf(sites));
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }

    /**
     * A token of this issuer ({@code iss}) with exactly these other claims and nothing added (no {@code exp},
     * {@code sub} or {@code aud} unless given): for tests of what the service makes of a token an identity provider
     * got wrong.
     */
    public String sign(Map<String, Object> claims) {
        JwtClaimsSet.Builder built = JwtClaimsSet.builder().issuer(settings.issuer());
        built.claims(all -> all.putAll(claims));
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, built.build())).getTokenValue();
    }

    public Map<String, SecuritySettings.Client> clients() {
        return settings.clients();
    }

    ReactiveJwtDecoder decoder() {
        try {
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(settings.issuer()));
            return decoder;
        } catch (JOSEException e) {
            throw new IllegalStateException("the local issuer key holds no RSA public key", e);
        }
    }

    private static RSAKey loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            }
            RSAKey created = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "local-issuer", ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temporary, created.toJSONString(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            log.info("Created the local token issuer key in {}", file);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the local issuer key " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the local issuer key " + file + " is not an RSA JWK: " + e.getMessage(), e);
        }
    }
}
