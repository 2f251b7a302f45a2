/** The synthetic demo stock: generated from a seed by the simulator and written through the ledger. */
package org.stockbridge.batch.demo;
