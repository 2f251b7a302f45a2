/** The real Evusheld per-site burn series from the HHS therapeutics locator snapshots. */
package org.stockbridge.forecasting.evusheld;
