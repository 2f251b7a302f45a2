/** Stock reads: on hand by site, product and lot in both countries, expiries, policy breaches and ledger history. */
package org.stockbridge.api.stock;
