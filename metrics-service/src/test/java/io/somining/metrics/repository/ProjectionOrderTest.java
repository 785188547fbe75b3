package io.somining.metrics.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.Event;
import io.somining.contracts.QuestionUpserted;
import io.somining.testing.RealInfrastructureResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A question's response time, whatever order its events arrive in: the link to its accepted answer before or
 * after the question, in one batch or in batches of their own (a consumer restarted between them), delivered
 * twice, and the accepted answer changed in between. Every order is applied, not a timing hoped for.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "metrics"))
class ProjectionOrderTest {

    private static final String SITE = "order.test.example";
    private static final Instant ASKED = Instant.parse("2019-03-01T10:00:00Z");
    private static final Instant FIRST_ANSWERED = Instant.parse("2019-03-01T12:30:00Z");
    private static final Instant SECOND_ANSWERED = Instant.parse("2019-03-04T09:15:00Z");

    @Inject
    ProjectionStore store;

    @Inject
    AgroalDataSource dataSource;

    private long nextPost = 1;

    @Test
    void shouldKeepTheResponseTimeWhetherTheLinkComesBeforeOrAfterItsQuestion() throws Exception {
        for (List<String> order : permutations(List.of("Q(A)", "L(A)"), List.of())) {
            for (boolean oneBatch : new boolean[] {true, false}) {
                long post = nextPost++;
                apply(post, order, oneBatch);
                assertThat(state(post)).as(order + (oneBatch ? " in one batch" : " one by one"))
                        .isEqualTo(new State(10 * post, FIRST_ANSWERED));
            }
        }
    }

    @Test
    void shouldKeepTheTimeOfTheAnswerTheQuestionAcceptsLastInEveryOrderOfItsEvents() throws Exception {
        // the question's two states keep their order (one key, one partition); the links come anywhere
        List<List<String>> orders = permutations(List.of("Q(A)", "L(A)", "Q(B)", "L(B)"), List.of("Q(A)", "Q(B)"));
        assertThat(orders).hasSize(12);
        for (List<String> order : orders) {
            for (boolean oneBatch : new boolean[] {true, false}) {
                long post = nextPost++;
                apply(post, order, oneBatch);
                assertThat(state(post)).as(order + (oneBatch ? " in one batch" : " one by one"))
                        .isEqualTo(new State(10 * post + 1, SECOND_ANSWERED));
            }
        }
    }

    @Test
    void shouldLeaveTheSameStateWhenEveryEventIsDeliveredTwice() throws Exception {
        long post = nextPost++;
        apply(post, List.of("L(A)", "Q(A)", "L(A)", "Q(A)"), false);
        assertThat(state(post)).isEqualTo(new State(10 * post, FIRST_ANSWERED));
        apply(post, List.of("Q(A)", "L(A)", "Q(A)", "L(A)"), true);
        assertThat(state(post)).isEqualTo(new State(10 * post, FIRST_ANSWERED));
    }

    @Test
    void shouldKeepEveryAnswersLinkWhenOneBatchLinksTwoAnswersOfAQuestion() throws Exception {
        long post = nextPost++;
        apply(post, List.of("Q(B)", "L(A)", "L(B)", "Q(A)"), true);
        assertThat(state(post)).isEqualTo(new State(10 * post, FIRST_ANSWERED));
    }

    @Test
    void shouldHaveNoResponseTimeWhileTheAcceptedAnswersLinkHasNotArrived() throws Exception {
        long post = nextPost++;
        apply(post, List.of("L(A)", "Q(B)"), false);
        assertThat(state(post)).isEqualTo(new State(10 * post + 1, null));
        apply(post, List.of("L(B)"), false);
        assertThat(state(post)).isEqualTo(new State(10 * post + 1, SECOND_ANSWERED));
    }

    /** Applies the named events of one question: Q(A)/Q(B) its states accepting answer A or B, L(A)/L(B) their links. */
    private void apply(long post, List<String> order, boolean oneBatch) {
        List<Event> events = order.stream().map(name -> event(post, name)).toList();
        if (oneBatch) {
            QuarkusTransaction.requiringNew().run(() -> store.applyQuestionEvents(events));
        } else {
            for (Event event : events) {
                QuarkusTransaction.requiringNew().run(() -> store.applyQuestionEvents(List.of(event)));
            }
        }
    }

    private static Event event(long post, String name) {
        long answerA = 10 * post;
        long answerB = 10 * post + 1;
        return switch (name) {
            case "Q(A)" -> question(post, answerA);
            case "Q(B)" -> question(post, answerB);
            case "L(A)" -> AcceptedAnswerLinked.of(SITE, post, answerA, FIRST_ANSWERED);
            case "L(B)" -> AcceptedAnswerLinked.of(SITE, post, answerB, SECOND_ANSWERED);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static QuestionUpserted question(long post, long acceptedAnswer) {
        return QuestionUpserted.of(SITE, SITE + "@2019-06", post, ASKED, 7L, "t", "b", List.of("keras"), acceptedAnswer,
                2, null);
    }

    private State state(long post) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT accepted_answer_id, accepted_answer_at FROM question_fact WHERE site = ? AND post_id = ?")) {
            select.setString(1, SITE);
            select.setLong(2, post);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("question %d projected", post).isTrue();
                Timestamp at = row.getTimestamp(2);
                return new State(row.getLong(1), at == null ? null : at.toInstant());
            }
        }
    }

    /** Every order of the names in which those of {@code keptInOrder} keep theirs. */
    private static List<List<String>> permutations(List<String> names, List<String> keptInOrder) {
        List<List<String>> all = new ArrayList<>();
        permute(new ArrayList<>(), new ArrayList<>(names), all);
        return all.stream().filter(order -> keptInOrder.stream().map(order::indexOf).sorted().toList()
                .equals(keptInOrder.stream().map(order::indexOf).toList())).toList();
    }

    private static void permute(List<String> prefix, List<String> rest, List<List<String>> all) {
        if (rest.isEmpty()) {
            all.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < rest.size(); i++) {
            List<String> remaining = new ArrayList<>(rest);
            prefix.add(remaining.remove(i));
            permute(prefix, remaining, all);
            prefix.remove(prefix.size() - 1);
        }
    }

    private record State(long acceptedAnswerId, Instant acceptedAnswerAt) {
    }
}
