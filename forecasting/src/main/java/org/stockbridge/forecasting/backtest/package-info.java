/** Rolling-origin backtests of the demand and risk models against their baselines, and the report they write. */
package org.stockbridge.forecasting.backtest;
