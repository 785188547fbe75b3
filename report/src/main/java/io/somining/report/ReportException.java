package io.somining.report;

/** The report cannot be made: a file or an answer of the suite is not what the plan needs, said in words. */
public class ReportException extends RuntimeException {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
