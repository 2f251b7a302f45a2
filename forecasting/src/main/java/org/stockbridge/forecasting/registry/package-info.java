/** Model artifacts: Tribuo models to and from bytes, with a summary of their provenance. */
package org.stockbridge.forecasting.registry;
