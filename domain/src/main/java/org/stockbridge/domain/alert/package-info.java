/**
 * The rules of alerts and webhooks, free of any framework: which events a subscription may watch, when a condition
 * raises or clears an alert, which webhook target addresses are refused, and when a failed delivery is tried again.
 * (Signing uses {@code javax.crypto}, outside what the domain may use, and lives with the webhooks in the API.)
 */
package org.stockbridge.domain.alert;
