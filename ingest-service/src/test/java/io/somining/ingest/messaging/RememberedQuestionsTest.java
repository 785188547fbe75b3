package io.somining.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.somining.contracts.EventCodec;
import io.somining.contracts.QuestionUpserted;
import io.somining.ingest.parse.PostRow;
import io.somining.ingest.repository.PostStore;
import io.somining.platform.outbox.DeferredEvent;
import io.somining.platform.outbox.PayloadSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The first-load questions the relay publishes from memory, and what it still reads from the database. */
class RememberedQuestionsTest {

    private static final String SITE = "memory.example";
    private static final Instant CREATED = Instant.parse("2020-05-01T10:15:30.123Z");

    /** A database that holds every question with the title "from the database", and counts what was asked of it. */
    private static final class CountingStore extends PostStore {
        final List<Long> asked = new ArrayList<>();

        @Override
        public Map<Long, StoredQuestion> storedQuestions(Connection connection, String site, Collection<Long> ids) {
            asked.addAll(ids);
            Map<Long, StoredQuestion> stored = new HashMap<>();
            ids.forEach(id -> stored.put(id, StoredQuestion.of(question(id, "from the database", 10))));
            return stored;
        }
    }

    private final CountingStore database = new CountingStore();
    private final QuestionUpsertedPayloads payloads = new QuestionUpsertedPayloads();

    RememberedQuestionsTest() {
        payloads.posts = database;
    }

    @Test
    void shouldPublishRememberedQuestionsOnceAndReadOnlyTheOthers() throws Exception {
        // given: questions 1 and 2 remembered as stored by a first load
        payloads.remember(SITE, List.of(question(1, "one", 10), question(2, "two", 10)));

        // when: a batch of 1, 2 and 3 is published, then published again (a relay that crashed before deleting it)
        List<String> first = titles(payloads.payloads(null, List.of(pending(List.of(1L, 2L, 3L)))));
        List<String> again = titles(payloads.payloads(null, List.of(pending(List.of(1L, 2L, 3L)))));

        // then: the first read only question 3; the second read all three
        assertThat(first).containsExactly("one", "two", "from the database");
        assertThat(again).containsOnly("from the database");
        assertThat(database.asked).containsExactly(3L, 1L, 2L, 3L);
    }

    @Test
    void shouldReadAForgottenSiteFromTheDatabase() throws Exception {
        // given
        payloads.remember(SITE, List.of(question(1, "one", 10)));

        // when: the site's posts may now be written otherwise than by its first load
        payloads.forget(SITE);

        // then
        assertThat(titles(payloads.payloads(null, List.of(pending(List.of(1L)))))).containsExactly("from the database");
    }

    @Test
    void shouldKeepTheOldestQuestionsAndNotTheNewestBeyondItsBudget() throws Exception {
        // given: four questions whose bodies together exceed what it keeps (by their titles), remembered one
        // after another while nothing takes them (the relay lags, or publishing is paused)
        int third = (int) (QuestionUpsertedPayloads.REMEMBERED_CHARS / 3);
        for (long id = 1; id <= 4; id++) {
            payloads.remember(SITE, List.of(question(id, "kept " + id, third)));
        }

        // when: the relay comes for them, oldest first
        List<String> titles = titles(payloads.payloads(null, List.of(pending(List.of(1L, 2L, 3L, 4L)))));

        // then: the three oldest were kept (the budget full after them), the newest is read back
        assertThat(titles).containsExactly("kept 1", "kept 2", "kept 3", "from the database");
        assertThat(database.asked).containsExactly(4L);
    }

    private static PostRow question(long id, String title, int bodyChars) {
        return new PostRow(id, PostRow.QUESTION, null, null, CREATED, 7L, null, title, "b".repeat(bodyChars),
                List.of("python"), 1, 10, 1, null, id);
    }

    private static PayloadSource.Pending pending(List<Long> ids) {
        DeferredEvent batch = QuestionUpsertedPayloads.batch(SITE, SITE + "@2020-05", ids);
        return new PayloadSource.Pending(1, batch.key(), batch.eventId(), CREATED, batch.ref(), ids.size());
    }

    private static List<String> titles(Map<Long, List<PayloadSource.Payload>> published) {
        return published.get(1L).stream().map(p -> EventCodec.decode(p.json(), QuestionUpserted.class).title()).toList();
    }
}
