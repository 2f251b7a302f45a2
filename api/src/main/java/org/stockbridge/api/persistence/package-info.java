/** Small helpers for reading PostgreSQL through R2DBC without blocking. */
package org.stockbridge.api.persistence;
