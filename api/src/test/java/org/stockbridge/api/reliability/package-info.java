/** Reliability harness: concurrent clients with Idempotency-Keys while database connections are killed. */
package org.stockbridge.api.reliability;
