package io.somining.ingest.rest;

import io.somining.ingest.repository.IngestJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** An ingest job as the API shows it, with its rate and estimated time to completion. */
public record IngestJobView(
        UUID id,
        IngestJob.State state,
        String path,
        String format,
        String site,
        String dumpDate,
        boolean validateOnly,
        long bytesTotal,
        long bytesRead,
        long rowsRead,
        long questions,
        long answers,
        long changedQuestions,
        long linkedAnswers,
        long deletedQuestions,
        long deletedAnswers,
        long skippedRows,
        int resumed,
        Double rowsPerSecond,
        Long etaSeconds,
        List<String> warnings,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public static IngestJobView of(IngestJob job) {
        Instant end = job.finishedAt == null ? Instant.now() : job.finishedAt;
        Double rate = null;
        Long eta = null;
        if (job.startedAt != null) {
            double seconds = Math.max(Duration.between(job.startedAt, end).toMillis(), 1) / 1000.0;
            rate = Math.round(job.rowsRead / seconds * 10) / 10.0;
            if (job.state == IngestJob.State.RUNNING && job.bytesRead > 0) {
                eta = Math.round(seconds * (job.bytesTotal - job.bytesRead) / job.bytesRead);
            }
        }
        return new IngestJobView(job.id, job.state, job.path, job.format, job.site, job.dumpDate, job.validateOnly, job.bytesTotal,
                job.bytesRead, job.rowsRead, job.questions, job.answers, job.changedQuestions, job.linkedAnswers,
                job.deletedQuestions, job.deletedAnswers, job.skippedRows, job.resumed, rate, eta,
                job.warnings == null ? List.of() : Arrays.asList(job.warnings.split("\n")),
                job.error, job.createdAt, job.startedAt, job.finishedAt);
    }
}
