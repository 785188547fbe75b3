package io.somining.metrics.rest;

import io.somining.metrics.stats.Summary;

/**
 * How hard a set's questions are. {@code responseMinutes} summarizes, over the questions with an
 * accepted answer whose creation time is known, the minutes from question to accepted answer (null
 * when there is none); {@code site} is null when every site counts.
 *
 * @param reviewed            only the set's members a relevance review kept were counted
 * @param acceptedWithoutTime questions with an accepted answer the dump does not hold (no time known)
 */
public record DifficultyView(String studyId, String setId, String site, boolean reviewed, int questions, int withoutAcceptedAnswer,
        Double shareWithoutAcceptedAnswer, int acceptedWithoutTime, Summary responseMinutes) {
}
