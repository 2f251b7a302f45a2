/** Ingestion runs over HTTP: upload a source file, then follow the run's progress counts. */
package org.stockbridge.api.ingestion;
