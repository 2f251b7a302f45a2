/** Outside signals that drive demand: the HHS hospital census by HHS region. */
package org.stockbridge.forecasting.driver;
