/** Demand forecasting per (site, product): features, the global Tribuo XGBoost model and conformal intervals. */
package org.stockbridge.forecasting.demand;
