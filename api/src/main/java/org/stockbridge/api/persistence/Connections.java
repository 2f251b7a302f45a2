package org.stockbridge.api.persistence;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;

/** Connections that must not come from the pool: held for long (a LISTEN, a session lock), so kept out of its count. */
public final class Connections {

    private Connections() {
    }

    /** The factory a pool wraps (or the factory itself when it is no pool): its connections are the pool's own kind. */
    public static ConnectionFactory unpooled(ConnectionFactory factory) {
        ConnectionFactory current = factory;
        while (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
            current = inner;
        }
        return current;
    }
}
