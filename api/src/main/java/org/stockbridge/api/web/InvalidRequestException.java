package org.stockbridge.api.web;

/** A request parameter or body field that the API refuses, with the name of the offending input. */
public class InvalidRequestException extends RuntimeException {

    private final String parameter;

    public InvalidRequestException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
