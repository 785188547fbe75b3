package io.somining.metrics.rest;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One site across the pipeline: what ingest stored, what the classifier classified and what the metrics counted,
 * and every difference between them. {@code consistent} when there is none; {@code settled} when no event is
 * still on its way (outboxes empty, every consumer caught up) and the site is not waiting for its count, so that a
 * difference is a defect, not a delay.
 */
@Schema(description = "What ingest stored, the classifier classified and the metrics counted of a site, and where they differ")
public record ConsistencyView(String site, boolean consistent, boolean settled, List<Difference> differences,
        Ingest ingest, List<ClassifierStudy> classifier, Metrics metrics, InFlight inFlight) {

    /** A figure one service holds that the next one should hold too. */
    public record Difference(String what, String expectedFrom, long expected, String foundIn, long found) {
    }

    public record Ingest(long questions, long answers, long acceptedAnswersStored) {
    }

    public record ClassifierStudy(String studyId, int version, long questions, Map<String, Long> members) {
    }

    /** @param members per study, per set: members whose question the metrics hold (those their figures count) */
    public record Metrics(long questions, long responseTimes, long acceptedWithoutTime,
            Map<String, Map<String, Long>> members) {
    }

    /**
     * @param consumerLag events published and not yet consumed, over every consumer group
     * @param aggregating whether the site's figures wait for their count from scratch (a backlog of it was consumed)
     */
    public record InFlight(long ingestOutboxEvents, long classifierOutboxEvents, long consumerLag, boolean aggregating) {
    }
}
