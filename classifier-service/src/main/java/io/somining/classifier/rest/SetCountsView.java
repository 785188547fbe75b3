package io.somining.classifier.rest;

import java.util.Map;

/**
 * How many questions each set of a study holds (sets without members count 0), and how many of them a
 * relevance review kept (only sets that were reviewed).
 *
 * @param retired the study no longer classifies new questions; these are the results it left
 */
public record SetCountsView(String studyId, int version, Map<String, Long> members, Map<String, Long> reviewed,
        boolean retired) {
}
