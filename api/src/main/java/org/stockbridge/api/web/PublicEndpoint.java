package org.stockbridge.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint anyone may call without a token, declared on its handler method in place of
 * {@link RequiresScope}. The handler then checks whatever else it needs itself (the local token issuer, for instance,
 * answers callers on this machine only).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PublicEndpoint {

    /** Why the endpoint needs no token. */
    String value();
}
