package org.stockbridge.api.idempotency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.stockbridge.api.audit.AuditTrail;
import org.stockbridge.api.fleet.FleetLock;
import org.stockbridge.api.fleet.FleetLocks;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.domain.ClientText;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency-Key handling after the IETF httpapi draft: the first request with a key runs its effect and stores the
 * response in the same transaction; the same key with the same payload gets the stored response again (with
 * {@code Idempotent-Replayed: true}); the same key with a different payload is refused with 422; a duplicate that
 * arrives while the first is still running, on this instance or another on the same database, is refused with 409 and
 * {@code Retry-After}: the first holds a transaction-scoped advisory lock on (caller, key) until it commits. Only successful responses are stored, so a refused
 * request may be retried with the same key. Records are kept for {@link #RETENTION}. The change's audit row is written
 * in the same transaction.
 */
@Service
public class IdempotencyService {

    public static final String HEADER = "Idempotency-Key";
    public static final Duration RETENTION = Duration.ofHours(24);
    /** The Retry-After of a 409 for a key whose first request is still running: such requests take milliseconds. */
    static final Duration RETRY_IN_PROGRESS_AFTER = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(IdempotencyService.class);

    private final DatabaseClient client;
    private final TransactionalOperator transaction;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final FleetLocks locks;
    private final Counter replays;

    IdempotencyService(DatabaseClient client, TransactionalOperator transaction, JsonMapper json, AuditTrail audit,
                       FleetLocks locks, MeterRegistry meters) {
        this.replays = Counter.builder("stockbridge.idempotency.replays")
                .description("Requests answered from a stored response (the same Idempotency-Key and payload again)")
                .register(meters);
        this.client = client;
        this.transaction = transaction;
        this.json = json;
        this.audit = audit;
        this.locks = locks;
    }

    /**
     * Runs {@code effect} once per (caller, key) in one transaction with the stored response.
     *
     * @param request the parsed request; its canonical JSON form is what "same payload" compares
     */
    public Mono<ResponseEntity<String>> execute(String caller, String key, String method, String path, Object request,
                                                HttpStatus successStatus, Supplier<Mono<?>> effect) {
        return Mono.defer(() -> {
            String idempotencyKey = validKey(key);
            String hash = hash(method + " " + path + "\n" + json.writeValueAsString(request));
            // Two statements: the read's snapshot is taken after the lock was granted, so it sees what the previous
            // holder committed (one statement would read with a snapshot from before the lock, and could miss it).
            Mono<ResponseEntity<String>> work = client
                    .sql("SELECT pg_try_advisory_xact_lock(hashtextextended(:scope, 0)) AS locked")
                    .bind("scope", caller.length() + ":" + caller + ":" + idempotencyKey)
                    .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                    .one()
                    .flatMap(locked -> !locked ? Mono.error(inProgress()) : client
                            .sql("SELECT request_hash, response_status, response_body FROM idempotency_record "
                                    + "WHERE client = :client AND idempotency_key = :key AND expires_at > now()")
                            .bind("client", caller)
                            .bind("key", idempotencyKey)
                            .map(row -> new Stored(row.get("request_hash", String.class),
                                    row.get("response_status", Integer.class), row.get("response_body", String.class)))
                            .one()
                            .defaultIfEmpty(Stored.NONE))
                    .flatMap(stored -> {
                        if (stored.hash() != null) {
                            if (!stored.hash().equals(hash)) {
                                return Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                                        "idempotency-key-reused", "Idempotency-Key reused",
                                        "this Idempotency-Key was already used for a different request"));
                            }
                            replays.increment();
                            return Mono.just(response(HttpStatus.valueOf(stored.status()), stored.body(), true));
                        }
                        return effect.get().flatMap(result -> store(caller, idempotencyKey, hash, method, path,
                                successStatus, json.writeValueAsString(result)));
                    });
            return transaction.transactional(work);
        });
    }

    private Mono<ResponseEntity<String>> store(String caller, String key, String hash, String method, String path,
                                               HttpStatus status, String body) {
        return client.sql("INSERT INTO idempotency_record (client, idempotency_key, request_hash, method, path, "
                        + "response_status, response_body, expires_at) VALUES (:client, :key, :hash, :method, :path, "
                        + ":status, :body, :expires) ON CONFLICT (client, idempotency_key) DO UPDATE SET "
                        + "request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path, "
                        + "response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body, "
                        + "created_at = now(), expires_at = EXCLUDED.expires_at")
                .bind("client", caller)
                .bind("key", key)
                .bind("hash", hash)
                .bind("method", method)
                .bind("path", path)
                .bind("status", status.value())
                .bind("body", body)
                .bind("expires", OffsetDateTime.now(ZoneOffset.UTC).plus(RETENTION))
                .then()
                .then(audit.appliedUnlessRecorded(status.value(), method + " " + path))
                .thenReturn(response(status, body, false));
    }

    /** Removes records past their retention, every ten minutes, on one replica of the fleet at a time. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    public void purgeExpired() {
        locks.inTransaction(FleetLock.IDEMPOTENCY_PURGE, client.sql("DELETE FROM idempotency_record "
                        + "WHERE expires_at < now()").fetch().rowsUpdated()
                        .doOnNext(n -> log.debug("purged {} expired idempotency records", n)))
                .subscribe(ran -> { }, e -> log.warn("could not purge idempotency records", e));
    }

    private static ResponseEntity<String> response(HttpStatus status, String body, boolean replayed) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (replayed) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.body(body);
    }

    private static String validKey(String key) {
        if (key == null || key.isBlank()) {
            throw new InvalidRequestException(HEADER, "the Idempotency-Key header is required on this request");
        }
        String refusal = ClientText.identifierRefusal(key, 255);
        if (refusal != null) {
            throw new InvalidRequestException(HEADER, "Idempotency-Key " + refusal);
        }
        return key.trim();
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 must be available", e);
        }
    }

    private static ApiException inProgress() {
        return new ApiException(HttpStatus.CONFLICT, "idempotency-key-in-use", "Request in progress",
                "a request with this Idempotency-Key is still being processed; retry after it completes", Map.of(),
                RETRY_IN_PROGRESS_AFTER);
    }

    private record Stored(String hash, Integer status, String body) {

        static final Stored NONE = new Stored(null, null, null);
    }
}
