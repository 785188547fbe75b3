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
        assertThat(tracker.incompleteBecause()).contains("a question accepts an answer read before it", "post 8");
        assertThat(tracker.observe(List.of(question(10, 11L), answer(11, 10, T)))).isEmpty();
    }

    @Test
    void shouldGiveUpWhenAnAcceptedAnswerBelongsToAnotherQuestion() {
        // given: question 1 accepts answer 3, which the dump says answers question 2
        AcceptedAnswerTracker tracker = AcceptedAnswerTracker.fromStart();
        tracker.observe(List.of(question(1, 3L), question(2, null)));

        // when
        List<AcceptedLink> links = tracker.observe(List.of(answer(3, 2, T)));

        // then: no link is stored for it, and the walk at the job's end decides
        assertThat(links).isEmpty();
        assertThat(tracker.incompleteBecause()).startsWith("an accepted answer's parent is not the question that accepts it");
    }

    @Test
    void shouldGiveUpWhenTwoQuestionsAcceptOneAnswer() {
        // given
        AcceptedAnswerTracker tracker = AcceptedAnswerTracker.fromStart();

        // when
        List<AcceptedLink> links = tracker.observe(List.of(question(1, 3L), question(2, 3L), answer(3, 1, T)));

        // then
        assertThat(links).isEmpty();
        assertThat(tracker.incompleteBecause()).startsWith("two questions accept one answer");
    }

    @Test
    void shouldGiveUpWhenMoreAnswersArePendingThanItKeeps() {
        // given: as many questions as it keeps, each accepting an answer still to come
        AcceptedAnswerTracker tracker = AcceptedAnswerTracker.fromStart();
        long answers = 10_000_000;
        for (long id = 1; id <= AcceptedAnswerTracker.MAX_PENDING; id++) {
            tracker.observe(List.of(question(id, answers + id)));
        }
        assertThat(tracker.isComplete()).isTrue();

        // when: one more
        tracker.observe(List.of(question(AcceptedAnswerTracker.MAX_PENDING + 1, answers)));

        // then
        assertThat(tracker.incompleteBecause()).startsWith("more than " + AcceptedAnswerTracker.MAX_PENDING);
    }

    @Test
    void shouldKeepPendingAnswersAsAMapDoesThroughManyPutsAndRemovals() {
        // given: keys drawn from a small range, so that probe runs collide, wrap and are cut by removals
        AcceptedAnswerTracker.PendingAnswers pending = new AcceptedAnswerTracker.PendingAnswers();
        java.util.Map<Long, Long> expected = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(42);

        // when
        for (int i = 0; i < 400_000; i++) {
            long key = random.nextInt(20_000);
            if (random.nextInt(3) == 0) {
                Long removed = expected.remove(key);
                assertThat(pending.remove(key)).isEqualTo(removed == null ? AcceptedAnswerTracker.PendingAnswers.NONE : removed);
            } else {
                long value = random.nextInt(1_000_000);
                assertThat(pending.putIfAbsent(key, value)).isEqualTo(expected.putIfAbsent(key, value) == null);
            }
        }

        // then
        assertThat(pending.size()).isEqualTo(expected.size());
        for (var entry : expected.entrySet()) {
            assertThat(pending.remove(entry.getKey())).isEqualTo(entry.getValue());
        }
        assertThat(pending.size()).isZero();
    }

    @Test
    void shouldGiveUpOnIdsBeyondItsRange() {
        // given
        AcceptedAnswerTracker tracker = AcceptedAnswerTracker.fromStart();

        // when
        tracker.observe(List.of(question(1L << 40, null)));

        // then
        assertThat(tracker.incompleteBecause()).startsWith("an id beyond the tracker's range");
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
