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
