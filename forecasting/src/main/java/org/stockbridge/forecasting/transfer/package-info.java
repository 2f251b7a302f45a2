/**
 * Cross-border transfer recommendations: which lots to move from donors with surplus to sites running short, within
 * both countries' rules, chosen by an exact solver and explained.
 */
package org.stockbridge.forecasting.transfer;
