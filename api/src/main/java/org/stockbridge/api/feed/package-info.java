/** The change feed: every change in commit order with a resumable cursor, as pages, long polls or server-sent events. */
package org.stockbridge.api.feed;
