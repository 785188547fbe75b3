package io.somining.ingest.rest;

import io.somining.ingest.repository.QuestionQueries.Post;
import java.time.Instant;
import java.util.List;

/** A question with its answers, for the people who read and label questions. */
public record QuestionView(String site, long id, String title, String body, List<String> tags, Instant creationDate,
        Long ownerUserId, String ownerDisplayName, Integer score, Integer viewCount, Long acceptedAnswerId,
        Instant closedDate, List<AnswerView> answers) {

    public record AnswerView(long id, String body, Instant creationDate, Long ownerUserId, String ownerDisplayName,
            Integer score, boolean accepted) {
    }

    public static QuestionView of(String site, Post question, List<Post> answers) {
        return new QuestionView(site, question.id(), question.title(), question.body(), question.tags(),
                question.creationDate(), question.ownerUserId(), question.ownerDisplayName(), question.score(),
                question.viewCount(), question.acceptedAnswerId(), question.closedDate(),
                answers.stream().map(a -> new AnswerView(a.id(), a.body(), a.creationDate(), a.ownerUserId(),
                        a.ownerDisplayName(), a.score(), Long.valueOf(a.id()).equals(question.acceptedAnswerId())))
                        .toList());
    }
}
