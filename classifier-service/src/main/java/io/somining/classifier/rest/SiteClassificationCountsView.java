package io.somining.classifier.rest;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Per active study: the site's questions it classified, and its members per set there (every defined set named). */
@Schema(description = "A site's classified questions and set members, per active study")
public record SiteClassificationCountsView(String site, List<Study> studies) {

    public record Study(String studyId, int version, long questions, Map<String, Long> members) {
    }
}
