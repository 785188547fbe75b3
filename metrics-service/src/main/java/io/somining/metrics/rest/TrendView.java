package io.somining.metrics.rest;

import io.somining.metrics.repository.TrendQueries.YearCount;
import java.util.List;

/**
 * Questions and distinct askers per year for one set of a study; years without questions are absent;
 * {@code site} is null when every site counts.
 *
 * @param reviewed only the set's members a relevance review kept were counted
 */
public record TrendView(String studyId, String setId, String site, boolean reviewed, int fromYear, int toYear, List<YearCount> years) {
}
