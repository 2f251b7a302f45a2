/** Shortage reports of Drug Shortages Canada and the FDA: one report model, its lifecycle, source formats and versions. */
package org.stockbridge.domain.shortage;
