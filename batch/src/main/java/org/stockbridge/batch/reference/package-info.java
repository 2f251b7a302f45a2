/** Reference data from the real public files: sites, agencies, products, identifiers, equivalence groups. */
package org.stockbridge.batch.reference;
