/**
 * Transfers between sites: lanes and border crossings, transfer recommendations and what-if scenarios from the
 * optimiser, and the workflow recommended, approved (by each jurisdiction concerned), dispatched and received through
 * the ledger.
 */
package org.stockbridge.api.transfer;
