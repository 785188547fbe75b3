package io.somining.ingest.rest;

import io.somining.ingest.repository.IngestJob;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A dump of a site as last ingested: its counts, its files' checksums and when. */
public record DumpView(String site, String dumpDate, String path, String format, long rows, long questions,
        long answers, List<String> checksums, Instant ingestedAt, UUID jobId) {

    public static DumpView of(IngestJob job) {
        return new DumpView(job.site, job.dumpDate, job.path, job.format, job.rowsRead, job.questions, job.answers,
                job.checksums == null ? List.of() : List.of(job.checksums.split("\n")), job.finishedAt, job.id);
    }
}
