package io.somining.metrics.rest;

import io.somining.metrics.stats.ProportionTest;
import java.util.List;

/**
 * Two groups' shares of questions without an accepted answer, and R's prop.test on them (null when
 * it is undefined: an empty group, or no or every question without an accepted answer).
 */
public record ComparisonView(String studyId, String site, Group a, Group b, ProportionTest test) {

    /**
     * A group: the union of the given sets.
     *
     * @param reviewedSets those of its sets whose members count only where a relevance review kept them
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ComparisonGroup")
    public record Group(List<String> sets, List<String> reviewedSets, int questions, int withoutAcceptedAnswer, Double shareWithoutAcceptedAnswer) {
    }
}
