/** The audit log: every state-changing request, who made it and how it ended, append-only, read by administrators. */
package org.stockbridge.api.audit;
