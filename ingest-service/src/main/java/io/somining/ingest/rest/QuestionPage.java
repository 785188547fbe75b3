package io.somining.ingest.rest;

import java.time.Instant;
import java.util.List;

/**
 * One page of questions; pass {@code next} as {@code after} for the following page (absent on the last).
 */
public record QuestionPage(List<Summary> items, Long next) {

    public record Summary(String site, long id, String title, List<String> tags, Instant creationDate,
            Integer answerCount, Long acceptedAnswerId) {
    }
}
