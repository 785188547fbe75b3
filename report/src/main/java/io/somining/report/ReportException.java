package io.somining.report;

/** The report cannot be made: a file or an answer of the suite is not what the plan needs, said in words. */
public class ReportException extends RuntimeException {

    /** The HTTP status the suite answered, 0 when the failure was no answer. */
    private final int status;

    public ReportException(String message) {
        this(message, 0);
    }

    public ReportException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }
}
