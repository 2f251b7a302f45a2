/** The Drug Product Database catalogue job: DINs with their company, status, ATC codes and active ingredients. */
package org.stockbridge.batch.catalogue;
