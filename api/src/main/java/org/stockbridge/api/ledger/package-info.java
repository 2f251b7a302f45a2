/** The movement ledger: receipts, issues, adjustments, transfers, write-offs, counts and reversals. */
package org.stockbridge.api.ledger;
