/** Shortage reports of Canada and the U.S.: filtered lists, one report with its versions, and a summary. */
package org.stockbridge.api.shortage;
