package io.somining.metrics.rest;

import java.util.Map;

/**
 * The sets of a study known to the metrics, with their number of questions.
 *
 * @param reviewedSets the sets counted by their reviewed members (asked for with reviewedSets)
 */
public record SetSizesView(String studyId, String site, Map<String, Long> sets, java.util.List<String> reviewedSets) {
}
