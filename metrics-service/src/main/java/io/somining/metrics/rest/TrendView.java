package io.somining.metrics.rest;

import io.somining.metrics.repository.TrendQueries.YearCount;
import java.util.List;

/** Questions and distinct askers per year for one set of a study; years without questions are absent;
 * {@code site} is null when every site counts. */
public record TrendView(String studyId, String setId, String site, int fromYear, int toYear, List<YearCount> years) {
}
