package io.somining.metrics.rest;

import java.util.Map;

/** The sets of a study known to the metrics, with their number of questions. */
public record SetSizesView(String studyId, String site, Map<String, Long> sets) {
}
