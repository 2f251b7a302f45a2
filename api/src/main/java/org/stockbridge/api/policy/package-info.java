/** Stock policies per site and product, changed only with the version the writer last read. */
package org.stockbridge.api.policy;
