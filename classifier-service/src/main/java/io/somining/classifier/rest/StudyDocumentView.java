package io.somining.classifier.rest;

import io.somining.classifier.study.StudyParser;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A published study definition as JSON, rules included, whether it was published as JSON or YAML (the text as
 * published is served as application/yaml).
 */
public record StudyDocumentView(String id, int version, String title, String description, List<SetDocument> sets) {

    public record SetDocument(String id, String name, String description, Boolean needsReview,
            @Schema(description = "the set's rule as written (docs/studies.md): tag, text, set, all, any, not")
            Map<String, Object> rule) {
    }

    public static StudyDocumentView of(String document) {
        return StudyParser.tree(document, StudyDocumentView.class);
    }
}
