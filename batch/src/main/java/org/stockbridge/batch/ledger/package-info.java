/** The ledger's SQL rules that the forecast job and the service share (the expiry that counts at a site). */
package org.stockbridge.batch.ledger;
