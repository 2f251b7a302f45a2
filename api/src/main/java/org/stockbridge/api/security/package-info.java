/** Bearer-token security: scopes, jurisdiction and site claims, the local token issuer, rate and size limits. */
package org.stockbridge.api.security;
