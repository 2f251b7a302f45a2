/** Supply-disruption risk per ingredient from the real Drug Shortages Canada history, the DPD and FDA shortages. */
package org.stockbridge.forecasting.risk;
