/** Products: the catalogue of drugs, PPE and devices, their identifiers and cross-border equivalents. */
package org.stockbridge.api.product;
