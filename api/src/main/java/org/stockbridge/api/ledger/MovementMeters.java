package org.stockbridge.api.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Problems;
import reactor.core.publisher.Mono;

/**
 * What the ledger endpoints did, for the operator: the lines written ({@code stockbridge.movements.posted}, one per
 * ledger line, counted once the request's transaction committed; a replayed request is not counted again) and the
 * requests refused ({@code stockbridge.movements.refused}, tagged by {@code reason}, the last segment of the problem
 * type the caller got: {@code insufficient-stock}, {@code invalid-request} ...).
 */
@Component
class MovementMeters {

    static final String POSTED = "stockbridge.movements.posted";
    static final String REFUSED = "stockbridge.movements.refused";

    private final MeterRegistry registry;
    private final Counter posted;

    MovementMeters(MeterRegistry registry) {
        this.registry = registry;
        this.posted = Counter.builder(POSTED).description("Ledger lines written through the API")
                .register(registry);
    }

    /**
     * Counts, once the answer is out of its transaction, the lines {@code written} holds (set by the effect; a replay
     * runs no effect and counts nothing), or the refusal by its problem type.
     */
    Mono<ResponseEntity<String>> counted(Mono<ResponseEntity<String>> answer, AtomicInteger written) {
        return answer
                .doOnNext(response -> posted.increment(written.get()))
                .doOnError(e -> refused(reason(e)));
    }

    private void refused(String reason) {
        Counter.builder(REFUSED).description("Ledger requests refused, by problem type")
                .tag("reason", reason).register(registry).increment();
    }

    static String reason(Throwable e) {
        URI type;
        if (e instanceof ApiException api) {
            type = api.type();
        } else if (e instanceof InvalidRequestException) {
            type = Problems.INVALID_REQUEST;
        } else if (e instanceof NotFoundException) {
            type = Problems.NOT_FOUND;
        } else {
            return "error";
        }
        String text = type.toString();
        return text.substring(text.lastIndexOf('/') + 1);
    }
}
