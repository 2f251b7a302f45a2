package org.stockbridge.api.feed;

import java.util.List;

/** A page of changes; pass {@code after} back to continue; {@code head} is the newest position there is. */
record ChangePage(List<Change> items, long after, long head) {
}
