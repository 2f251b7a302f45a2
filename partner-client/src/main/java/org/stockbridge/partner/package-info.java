/**
 * The reference partner client: follows the change feed into a local store and resumes after being stopped; and a
 * receiver of Stockbridge's webhooks that verifies their signatures and applies each message once.
 */
package org.stockbridge.partner;
