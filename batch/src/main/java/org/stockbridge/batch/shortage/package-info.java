/** The shortage report ingest job: DSC and FDA files read, merged into versioned reports, linked to the catalogue. */
package org.stockbridge.batch.shortage;
