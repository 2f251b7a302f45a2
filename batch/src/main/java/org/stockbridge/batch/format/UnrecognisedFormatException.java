package org.stockbridge.batch.format;

/** A file whose content matches none of the formats Stockbridge ingests. */
public class UnrecognisedFormatException extends RuntimeException {

    public UnrecognisedFormatException(String message) {
        super(message);
    }
}
