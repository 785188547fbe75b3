package io.somining.classifier.rest;

import io.somining.classifier.repository.ClassificationStore;
import java.util.List;
import java.util.Map;

/**
 * What a version changed against the one before it: per set, how many questions entered and left
 * it, and one page of those questions.
 */
public record VersionChangesView(String studyId, int fromVersion, int toVersion, Map<String, SetChange> sets,
        List<ClassificationStore.VersionChange> items, String next) {

    public record SetChange(long entered, long left) {
    }
}
