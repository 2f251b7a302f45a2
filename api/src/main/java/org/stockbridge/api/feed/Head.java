package org.stockbridge.api.feed;

/** The newest position, to start following from after reading a snapshot. */
record Head(long position) {
}
