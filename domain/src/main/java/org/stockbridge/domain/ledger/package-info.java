/** The ledger's rules: movement types and reasons, lot eligibility and first-expiry-first-out allocation. */
package org.stockbridge.domain.ledger;
