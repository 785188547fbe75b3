package io.somining.classifier.study;

import java.util.List;

/**
 * A study as data: its sets, each defined by a rule. Published versions are immutable; a change is
 * a new version.
 *
 * @param id      stable across versions, e.g. {@code fse2020}
 * @param version 1, 2, ...
 * @param sets    in any order; a set may refer to another with {@code {"set": "B"}}, without cycles
 */
public record StudyDefinition(String id, int version, String title, String description, List<SetDefinition> sets) {

    /**
     * @param needsReview the set's members are candidates that people still have to confirm (the
     *                    study's browser set)
     */
    public record SetDefinition(String id, String name, String description, Boolean needsReview, Rule rule) {
    }
}
