package io.somining.classifier.rest;

import io.somining.classifier.study.CompiledStudy.Explanation;
import java.util.List;
import java.util.Map;

/** The sets a question would belong to, and for every set each predicate with its outcome. */
public record DryRunView(String studyId, int version, List<String> sets, Map<String, Explanation> explanation) {
}
