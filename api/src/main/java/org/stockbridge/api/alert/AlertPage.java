package org.stockbridge.api.alert;

import java.util.List;

/** A page of the caller's alerts, newest first, with how many of all its alerts are unread. */
public record AlertPage(List<AlertView> items, String nextCursor, int limit, long unreadCount) {
}
