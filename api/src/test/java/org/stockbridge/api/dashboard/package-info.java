/** Browser tests of the dashboard in headless Chromium. */
package org.stockbridge.api.dashboard;
