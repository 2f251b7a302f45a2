/** Baseline demand forecasters people use today: seasonal naive, trailing burn rate, exponential smoothing, Croston and TSB. */
package org.stockbridge.forecasting.baseline;
