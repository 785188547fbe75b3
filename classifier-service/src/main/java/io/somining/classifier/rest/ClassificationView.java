package io.somining.classifier.rest;

import io.somining.contracts.QuestionClassified;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/** A question's classification under one study, with the predicates that matched per set. */
public record ClassificationView(String studyId, int studyVersion, List<String> sets,
        // stored as the event's JSON and written as it is; typed for clients as what it holds
        @JsonRawValue @Schema(type = SchemaType.ARRAY, implementation = QuestionClassified.SetMatch.class) String matches) {
}
