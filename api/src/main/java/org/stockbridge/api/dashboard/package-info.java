/** The dashboard: static pages over the public API, served by the application itself. */
package org.stockbridge.api.dashboard;
