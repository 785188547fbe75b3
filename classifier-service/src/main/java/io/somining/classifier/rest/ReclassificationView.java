package io.somining.classifier.rest;

import io.somining.classifier.repository.Reclassification;
import java.time.Instant;

/** A replay of the question topic under a new version: RUNNING, DONE or SUPERSEDED by a newer version. */
public record ReclassificationView(String studyId, int fromVersion, int toVersion, String state, long questions,
        long changed, long published, String endOffsets, String nextOffsets, Instant startedAt, Instant finishedAt) {

    static ReclassificationView of(Reclassification r) {
        return new ReclassificationView(r.studyId, r.fromVersion, r.toVersion, r.state, r.questions, r.changed, r.published,
                r.endOffsets, r.nextOffsets, r.startedAt, r.finishedAt);
    }
}
