package io.somining.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One run of the ingest of a file or folder, with its progress. */
@Entity
@Table(name = "ingest_job")
public class IngestJob extends PanacheEntityBase {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public State state;

    public String path;
    public String format;
    public String site;

    @Column(name = "dump_date")
    public String dumpDate;

    @Column(name = "bytes_total")
    public long bytesTotal;

    @Column(name = "bytes_read")
    public long bytesRead;

    @Column(name = "rows_read")
    public long rowsRead;

    public long questions;
    public long answers;

    @Column(name = "changed_questions")
    public long changedQuestions;

    @Column(name = "linked_answers")
    public long linkedAnswers;

    @Column(name = "skipped_rows")
    public long skippedRows;

    /** The first warnings, one per line; {@link #skippedRows} counts them all. */
    public String warnings;

    public String error;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public static List<IngestJob> latest(int limit) {
        return find("order by createdAt desc").page(0, limit).list();
    }

    public static int failInterrupted(String reason) {
        return update("state = ?1, error = ?2, finishedAt = ?3 where state in (?4, ?5)", State.FAILED, reason,
                Instant.now(), State.RUNNING, State.QUEUED);
    }
}
