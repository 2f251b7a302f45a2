package org.stockbridge.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint whose answer is held open (a stream, or a long poll), declared on its handler method beside its mapping:
 * a client may hold only a few of them at once. The limit is applied to the handler the router chooses, so no spelling
 * of the path and no method ({@code HEAD} included) escapes it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HeldOpen {

    /**
     * The query parameter whose presence, with a value other than zero, makes a request held open (a long poll's
     * {@code wait}); empty when every request is (a stream).
     */
    String whenParameter() default "";
}
