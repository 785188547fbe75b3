package io.somining.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.somining.ingest.parse.PostRow;
import io.somining.ingest.repository.PostStore.AcceptedLink;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptedAnswerTrackerTest {

    private static final Instant T = Instant.parse("2017-03-01T10:15:30.123Z");

    private static PostRow question(long id, Long acceptedAnswerId) {
        return new PostRow(id, PostRow.QUESTION, null, acceptedAnswerId, T, null, null, "t", "b", List.of(), 0, 0, 1, null, id);
    }

    private static PostRow answer(long id, long parentId, Instant created) {
        return new PostRow(id, PostRow.ANSWER, parentId, null, created, null, null, null, "b", List.of(), 0, null, null,
                null, id);
    }

    @Test
    void shouldFindAcceptedAnswersThatFollowTheirQuestionsAcrossBatches() {
        // given
        AcceptedAnswerTracker tracker = AcceptedAnswerTracker.fromStart();
        Instant later = T.plusSeconds(60);

        // when: a question accepting a later answer, a question accepting none, their answers over two
        // batches, and ids far apart (pages of the bitsets)
        List<AcceptedLink> first = tracker.observe(List.of(question(1, 3L), question(2, null), answer(3, 1, later)));
        List<AcceptedLink> second = tracker.observe(List.of(answer(4, 2, later), question(5_000_000, 9_000_000L),
                answer(4_000_001, 1, later), answer(9_000_000, 5_000_000, later.plusSeconds(1))));

        // then
        assertThat(first).containsExactly(new AcceptedLink(1, 3, later));
        assertThat(second).containsExactly(new AcceptedLink(5_000_000, 9_000_000, later.plusSeconds(1)));
        assertThat(tracker.isComplete()).isTrue();
    }

    @Test
    void shouldGiveUpWhenAQuestionAcceptsAnAnswerReadBeforeIt() {
        // given
        AcceptedAnswerTracker tracker = AcceptedAnswerTracker.fromStart();

        // when
        List<AcceptedLink> links = tracker.observe(List.of(answer(7, 8, T), question(8, 7L)));

        // then: the walk at the job's end decides, and nothing more is found meanwhile
        assertThat(links).isEmpty();
        assertThat(tracker.isComplete()).isFalse();
        assertThat(tracker.observe(List.of(question(10, 11L), answer(11, 10, T)))).isEmpty();
    }

    @Test
    void shouldGiveUpOnIdsBeyondItsRange() {
        // given
        AcceptedAnswerTracker tracker = AcceptedAnswerTracker.fromStart();

        // when
        tracker.observe(List.of(question(1L << 40, null)));

        // then
        assertThat(tracker.isComplete()).isFalse();
    }

    @Test
    void shouldDecideNothingForAJobThatDidNotReadFromTheStart() {
        // given
        AcceptedAnswerTracker tracker = AcceptedAnswerTracker.none();

        // when
        List<AcceptedLink> links = tracker.observe(List.of(question(1, 2L), answer(2, 1, T)));

        // then
        assertThat(links).isEmpty();
        assertThat(tracker.isComplete()).isFalse();
    }
}
