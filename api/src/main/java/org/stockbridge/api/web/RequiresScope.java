package org.stockbridge.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scopes of which a caller's token must carry one to reach an endpoint, declared on its handler method, beside its
 * mapping. The security layer reads it from the handler the router chose for the request, so the rule and the route
 * cannot disagree; an endpoint of Stockbridge that declares neither this nor {@link PublicEndpoint} stops the
 * application from starting. The claims of the token (jurisdiction, agency,
 * sites) narrow further where the caller may act; see {@link Caller}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresScope {

    /** Any one of these admits the caller ({@link Caller#READ}, {@link Caller#WRITE} ...); at least one. */
    String[] value();
}
