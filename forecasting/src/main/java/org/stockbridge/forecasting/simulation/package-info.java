/** The deterministic generator of the synthetic demo stock: demand, replenishment, lots and expiries per (site, product). */
package org.stockbridge.forecasting.simulation;
