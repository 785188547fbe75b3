package io.somining.metrics.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.somining.metrics.rest.ConsistencyView;
import io.somining.metrics.rest.ConsistencyView.Difference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reconciliation names each figure that one service holds and the next does not, and nothing else. */
class PipelineConsistencyTest {

    private static final ConsistencyView.Ingest STORED = new ConsistencyView.Ingest(3018, 4200, 885);
    private static final List<ConsistencyView.ClassifierStudy> CLASSIFIED = List.of(
            new ConsistencyView.ClassifierStudy("fse2020", 1, 3018, Map.of("A", 3018L, "E", 179L)));

    @Test
    void shouldFindNothingWhereEveryServiceHoldsTheSame() {
        var counted = new ConsistencyView.Metrics(3018, 885, 0, Map.of("fse2020", Map.of("A", 3018L, "E", 179L)));

        assertThat(PipelineConsistency.differences(STORED, CLASSIFIED, counted)).isEmpty();
    }

    @Test
    void shouldNameLostResponseTimesMissingQuestionsAndMembers() {
        // the defect the reconciliation was built for: 51 accepted answers' times lost; and a set the metrics lack
        var counted = new ConsistencyView.Metrics(3017, 834, 51, Map.of("fse2020", Map.of("A", 3017L)));

        assertThat(PipelineConsistency.differences(STORED, CLASSIFIED, counted)).containsExactlyInAnyOrder(
                new Difference("questions", "ingest", 3018, "metrics", 3017),
                new Difference("response times (questions whose accepted answer is stored)", "ingest", 885, "metrics", 834),
                new Difference("members of fse2020/A", "classifier", 3018, "metrics", 3017),
                new Difference("members of fse2020/E", "classifier", 179, "metrics", 0));
    }

    @Test
    void shouldNameAStudyThatClassifiedFewerQuestionsThanIngestStored() {
        var classified = List.of(new ConsistencyView.ClassifierStudy("fse2020", 2, 3000, Map.of("A", 3000L)));
        var counted = new ConsistencyView.Metrics(3018, 885, 0, Map.of("fse2020", Map.of("A", 3000L)));

        assertThat(PipelineConsistency.differences(STORED, classified, counted))
                .containsExactly(new Difference("questions classified by fse2020 v2", "ingest", 3018, "classifier", 3000));
    }
}
