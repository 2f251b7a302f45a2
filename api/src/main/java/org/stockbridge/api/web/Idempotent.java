package org.stockbridge.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A change made safe to retry by an {@code Idempotency-Key} (IETF httpapi draft semantics; see
 * {@code IdempotencyService}), declared on its handler method. The API document declares the header, the stored
 * answer's {@code Idempotent-Replayed} and the 409 and 422 a key can meet, from it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {

    /** Whether every request needs the key; false where only some do (a recommendation stored with save: true). */
    boolean required() default true;
}
