package io.somining.classifier.rest;

import io.somining.classifier.study.StudyDefinition;
import java.util.List;

/** A study's active version and its sets, without the rules. */
public record StudyView(String id, int version, String title, String description, List<SetView> sets) {

    public record SetView(String id, String name, String description, boolean needsReview) {
    }

    public static StudyView of(StudyDefinition study) {
        return new StudyView(study.id(), study.version(), study.title(), study.description(), study.sets().stream()
                .map(s -> new SetView(s.id(), s.name(), s.description(), Boolean.TRUE.equals(s.needsReview())))
                .toList());
    }
}
