package org.stockbridge.api;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when a Redis server answers at {@value #URL}; skips it with a message otherwise, unless the
 * environment variable {@code STOCKBRIDGE_REDIS_TESTS} is {@code required} (as in CI), when the missing server fails it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RedisAvailable.Condition.class)
public @interface RedisAvailable {

    String URL = "redis://127.0.0.1:6379";

    /** Decides before the class's Spring context starts. */
    class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 6379), 2_000);
                return ConditionEvaluationResult.enabled("Redis answers at " + URL);
            } catch (IOException e) {
                if ("required".equals(System.getenv("STOCKBRIDGE_REDIS_TESTS"))) {
                    throw new IllegalStateException("STOCKBRIDGE_REDIS_TESTS=required but no Redis answers at "
                            + URL + ": " + e.getMessage(), e);
                }
                return ConditionEvaluationResult.disabled("skipped: no Redis answers at " + URL
                        + " (set STOCKBRIDGE_REDIS_TESTS=required to fail instead)");
            }
        }
    }
}
