package io.somining.metrics.service;

import io.somining.metrics.repository.TrendQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/**
 * The studies and sets the metrics know, from the classification events (every set a study version
 * defines, members or not): a figure of an unknown study or set is a 404, a known set without
 * questions gives empty figures.
 */
@ApplicationScoped
public class KnownSets {

    @Inject
    TrendQueries queries;

    /**
     * Sets asked for by their reviewed members must have been reviewed: a set no relevance review decided has none,
     * and an empty answer would read as a real one (a 400 naming the set).
     */
    public void requireReviewed(String studyId, java.util.Collection<String> sets) {
        List<String> reviewed = queries.reviewedSets(studyId);
        List<String> never = sets.stream().filter(set -> !reviewed.contains(set)).sorted().toList();
        if (!never.isEmpty()) {
            throw new IllegalArgumentException("no relevance review of " + studyId + "/" + String.join(", ", never)
                    + " has reached the metrics: only the candidates of a set a review (a taxonomy round of kind RELEVANCE) "
                    + "decided can be counted by their reviewed members" + (reviewed.isEmpty() ? ""
                            : " (reviewed sets of " + studyId + ": " + String.join(", ", reviewed) + ")"));
        }
    }

    /** One set of the study, and with {@code reviewed} one a relevance review decided. */
    public void require(String studyId, String setId, boolean reviewed) {
        require(studyId, List.of(setId));
        if (reviewed) {
            requireReviewed(studyId, List.of(setId));
        }
    }

    public void require(String studyId, List<String> sets) {
        List<String> known = queries.studySets(studyId);
        if (known.isEmpty()) {
            throw new NotFoundException("no classified question of study '" + studyId + "' has reached the metrics");
        }
        for (String set : sets) {
            if (!known.contains(set)) {
                throw new NotFoundException("study '" + studyId + "' has no set '" + set + "' (its sets: "
                        + String.join(", ", known) + ")");
            }
        }
    }
}
