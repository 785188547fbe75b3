package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.time.Instant;

@JsonClassDescription("A question's accepted answer is known, with the answer's creation time: the metrics service's time-to-accepted-answer needs it, and answers usually arrive after their question in a dump. Keyed like QuestionUpserted so that both events of one question stay in order.")
public record AcceptedAnswerLinked(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String site,
        long questionId,
        long answerId,
        Instant answerCreationDate) implements Event {

    public static final String TYPE = "AcceptedAnswerLinked";
    public static final int SCHEMA_VERSION = 1;

    public static AcceptedAnswerLinked of(String site, long questionId, long answerId, Instant answerCreationDate) {
        return new AcceptedAnswerLinked(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), site, questionId,
                answerId, answerCreationDate);
    }

    @Override
    public String key() {
        return PostKey.of(site, questionId);
    }
}
