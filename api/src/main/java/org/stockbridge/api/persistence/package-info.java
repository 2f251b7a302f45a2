/**
 * Small helpers for reading PostgreSQL through R2DBC without blocking, and {@link org.stockbridge.api.persistence.Reads},
 * which sends the reads that tolerate staleness to a read replica.
 */
package org.stockbridge.api.persistence;
