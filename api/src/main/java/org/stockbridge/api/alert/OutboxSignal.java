package org.stockbridge.api.alert;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Tells this replica's dispatcher that the evaluator committed new webhook messages, so that they leave at once rather
 * than at the next poll. Only a shortcut: the dispatcher also polls the outbox, which holds the truth.
 */
@Component
class OutboxSignal {

    private final Sinks.Many<Long> written = Sinks.many().multicast().directBestEffort();

    void written(long count) {
        written.tryEmitNext(count);
    }

    Flux<Long> ticks() {
        return written.asFlux();
    }
}
