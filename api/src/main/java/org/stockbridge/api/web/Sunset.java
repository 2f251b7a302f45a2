package org.stockbridge.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * When a deprecated endpoint ({@link Deprecated}) was deprecated and when it stops answering, declared on its handler
 * method. Its answers then carry {@code Deprecation} (RFC 9745) and {@code Sunset} (RFC 8594) headers, and the API
 * document marks it. The policy (docs/api-compatibility.md): at least six months between the two, and removal only in
 * a new major version.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Sunset {

    /** The day the endpoint was deprecated, {@code YYYY-MM-DD} (UTC). */
    String deprecatedOn();

    /** The day it stops answering, {@code YYYY-MM-DD} (UTC), at least six months later. */
    String on();
}
