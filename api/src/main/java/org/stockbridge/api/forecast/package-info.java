/** Forecasts, projected shortfalls, shortage risk and the model registry over HTTP, computed off the event loop. */
package org.stockbridge.api.forecast;
