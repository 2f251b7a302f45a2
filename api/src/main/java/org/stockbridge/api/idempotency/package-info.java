/** Idempotency-Key handling for every POST that creates effects. */
package org.stockbridge.api.idempotency;
