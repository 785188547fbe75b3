package io.somining.classifier.study;

/** A study definition that cannot be used, with the places that are wrong. */
public class InvalidStudyException extends IllegalArgumentException {

    public InvalidStudyException(String message) {
        super("invalid study definition: " + message);
    }
}
