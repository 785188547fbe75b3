package io.somining.contracts;

/** An event value that cannot be read as the type it claims; consumers send it to a dead letter. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedEventException(String message) {
        super(message);
    }
}
