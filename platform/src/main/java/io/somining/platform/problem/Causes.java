package io.somining.platform.problem;

import java.util.function.Predicate;

/** What an exception was caused by, however the framework wrapped it. */
final class Causes {

    private Causes() {
    }

    /** The exception itself or the first of its causes that {@code test} holds for, or null. */
    static Throwable find(Throwable exception, Predicate<Throwable> test) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return cause;
            }
        }
        return null;
    }
}
