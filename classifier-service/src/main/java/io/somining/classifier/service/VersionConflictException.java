package io.somining.classifier.service;

/** A study version that contradicts one already published (versions are immutable). */
public class VersionConflictException extends RuntimeException {

    public VersionConflictException(String message) {
        super(message);
    }
}
