package org.stockbridge.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint whose successful answer carries the resource's version as its {@code ETag}, declared on its handler
 * method; a change of such a resource takes that version back in {@code If-Match}. The API document declares the
 * header from it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ETagged {
}
