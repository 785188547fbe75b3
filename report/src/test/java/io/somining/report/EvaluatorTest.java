package io.somining.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private final Evaluator evaluator = new Evaluator(null, null, Map.of(), "stackoverflow.com", "fse2020-artifact",
            Map.of("fse2020", List.of("E", "F")));

    @Test
    void shouldSayInAPathWhichSetsAColumnCountsByTheirReviewedMembers() {
        String trend = "/api/metrics/studies/{study}/sets/E/trend?site={site}&reviewed={reviewed:E}";
        assertThat(evaluator.path(trend, "fse2020"))
                .isEqualTo("/api/metrics/studies/fse2020/sets/E/trend?site=stackoverflow.com&reviewed=true");
        assertThat(evaluator.path(trend.replace("{reviewed:E}", "{reviewed:C}"), "fse2020")).endsWith("&reviewed=false");
        assertThat(evaluator.path(trend, "fse2020-artifact")).endsWith("&reviewed=false");
        String compare = "/api/metrics/studies/{study}/compare?a=C,D,E,F&b=C&reviewedSets={reviewedSets}";
        assertThat(evaluator.path(compare, "fse2020")).endsWith("&reviewedSets=E%2CF");
        assertThat(evaluator.path(compare, "fse2020-artifact")).endsWith("&reviewedSets=");
        // a value that depends on no study
        assertThat(evaluator.path("/api/taxonomy/taxonomies/x/nodes?{reviewedSets}", null)).endsWith("?");
    }
}
