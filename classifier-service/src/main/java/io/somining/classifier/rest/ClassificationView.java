package io.somining.classifier.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/** A question's classification under one study, with the predicates that matched per set. */
public record ClassificationView(String studyId, int studyVersion, List<String> sets, @JsonRawValue String matches) {
}
