package org.stockbridge.api.security;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Counts every request body as it is read, whether or not it declared a length, and fails the read with the
 * {@code payload-too-large} problem as soon as the count passes the request's limit ({@link BodyLimits}); the buffer
 * that passed it is released unread. Whatever was reading the body stops there: the JSON reader, or the multipart
 * reader before the upload reaches a handler (so nothing is stored), and the problem becomes the 413 answer. What the
 * client still sends on that connection is read and discarded by the server (Reactor Netty keeps the connection usable
 * that way; closing it instead would reset it before most clients had read the answer), never kept.
 *
 * <p>It decorates the HTTP handler, below the web filters, because the multipart and form readers of an exchange read
 * the request the exchange was created with; a filter's decorated request would not be the one they read.
 */
final class CountedBodies implements HttpHandlerDecoratorFactory {

    private final BodyLimits limits;

    CountedBodies(BodyLimits limits) {
        this.limits = limits;
    }

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> handler.handle(new CountedRequest(request, limits.limitFor(request.getHeaders())),
                response);
    }

    /** A request whose body fails once more than {@code limit} bytes of it have been read. */
    private static final class CountedRequest extends ServerHttpRequestDecorator {

        private final long limit;

        CountedRequest(ServerHttpRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            Flux<DataBuffer> body = super.getBody();
            return Flux.defer(() -> {
                AtomicLong read = new AtomicLong();
                return body.handle((DataBuffer buffer, SynchronousSink<DataBuffer> sink) -> {
                    if (read.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(BodyLimits.tooLarge(limit, "the body passed " + limit
                                + " bytes, the most accepted here"));
                    } else {
                        sink.next(buffer);
                    }
                });
            });
        }
    }
}
