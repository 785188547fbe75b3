package io.somining.stack;

/** Something the person starting the stack must act on; its message says what. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
