/** The reference partner client: follows the change feed into a local store and resumes after being stopped. */
package org.stockbridge.partner;
