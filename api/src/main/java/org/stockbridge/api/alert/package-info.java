/**
 * Subscriptions, alerts and signed webhooks: what a client or person watches, the fleet-wide evaluator that follows
 * the change feed and raises or clears alerts, and the outbox from which webhooks are delivered, signed per Standard
 * Webhooks, retried with backoff and given up as dead letters (docs/alerts-and-webhooks.md).
 */
package org.stockbridge.api.alert;
