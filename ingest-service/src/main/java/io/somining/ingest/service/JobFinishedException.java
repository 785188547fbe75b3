package io.somining.ingest.service;

/** An operation on a job that has ended (cancelling a finished job). */
public class JobFinishedException extends RuntimeException {

    public JobFinishedException(String message) {
        super(message);
    }
}
