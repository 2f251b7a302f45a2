/** Forecast and classification metrics: RMSSE, MASE, pinball loss, coverage, ROC-AUC, PR-AUC, Brier score and calibration. */
package org.stockbridge.forecasting.metrics;
