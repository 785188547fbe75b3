package io.somining.classifier.study;

import java.util.List;

/** A study definition that cannot be used, with the places that are wrong. */
public class InvalidStudyException extends IllegalArgumentException {

    private final List<String> errors;

    public InvalidStudyException(String message) {
        super("invalid study definition: " + message);
        this.errors = List.of(message);
    }

    /** One error per place, each "path: what is wrong". */
    public InvalidStudyException(List<String> errors) {
        super("invalid study definition: " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
