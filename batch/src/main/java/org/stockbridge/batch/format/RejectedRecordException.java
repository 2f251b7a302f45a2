package org.stockbridge.batch.format;

/** A source record that cannot become a report, with the reason stored beside the record in the reject table. */
public class RejectedRecordException extends RuntimeException {

    public RejectedRecordException(String reason) {
        super(reason);
    }
}
