package org.stockbridge.api.transfer;

/** A border crossing as a client sets it: its delay in whole days (0 to 30), open or closed, and a note. */
public record CrossingRequest(Integer delayDays, Boolean open, String note) {
}
