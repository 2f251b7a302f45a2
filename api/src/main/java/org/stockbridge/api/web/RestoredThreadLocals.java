package org.stockbridge.api.web;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.springframework.stereotype.Component;

/**
 * Takes the observation out of the thread locals Reactor restores. With {@code spring.reactor.context-propagation:
 * limited} (ADR 0013) Reactor still restores every registered thread local inside its {@code handle} and {@code tap}
 * operators, which the R2DBC driver runs for each message of each query: for the observation that means opening and
 * closing a tracing scope (an OpenTelemetry context and the logging context's ids) per message, what was left of the
 * propagation's cost on a balance read. The service reads its trace ids from the exchange ({@link TraceIds}), the
 * server observation and outgoing clients read the observation from the Reactor context, so nothing here needs it in
 * a thread local. The registry is the process's own (Micrometer's {@link ContextRegistry#getInstance()}), so this
 * holds for every application context the JVM runs.
 */
@Component
class RestoredThreadLocals {

    RestoredThreadLocals() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(ObservationThreadLocalAccessor.KEY);
    }
}
