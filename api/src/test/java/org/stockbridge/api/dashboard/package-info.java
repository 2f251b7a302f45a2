/** The dashboard's configuration, and browser tests of its pages in headless Chromium. */
package org.stockbridge.api.dashboard;
