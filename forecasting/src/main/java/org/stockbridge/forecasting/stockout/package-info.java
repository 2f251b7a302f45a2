/** Stockout projection: the on-hand path, stockout probability and date, and shortfall quantiles from usable stock and demand quantiles. */
package org.stockbridge.forecasting.stockout;
