/** Ingestion runs of source files: recognising a file, reading its records, counting and launching the jobs. */
package org.stockbridge.batch.ingest;
