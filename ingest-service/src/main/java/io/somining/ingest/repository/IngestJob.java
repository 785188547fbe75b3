package io.somining.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import org.hibernate.annotations.DynamicUpdate;
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
// the job thread writes progress while a request may write the cancel flag: each writes only the
// columns it changed, so neither undoes the other (a full-row update lost cancels on CI)
@DynamicUpdate
public class IngestJob extends PanacheEntityBase {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

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

    @Column(name = "deleted_questions")
    public long deletedQuestions;

    @Column(name = "deleted_answers")
    public long deletedAnswers;

    @Column(name = "skipped_rows")
    public long skippedRows;

    /** Skipped rows whose post id could not be read either: deletions are then not applied. */
    @Column(name = "unidentified_rows")
    public long unidentifiedRows;

    /** The first warnings, one per line; {@link #skippedRows} counts them all. */
    public String warnings;

    public String error;

    /** {@code <file> sha256:<hex>}, one line per file read to its end. */
    public String checksums;

    /** Checkpoint: files finished, and rows of the next file already stored. */
    @Column(name = "files_done")
    public int filesDone;

    @Column(name = "rows_done_in_file")
    public long rowsDoneInFile;

    /** Read the dump through and count, storing and publishing nothing. */
    @Column(name = "validate_only")
    public boolean validateOnly;

    /** Set by a cancel request; the job stops after its current batch. */
    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    /** Whether the job notes the posts it reads, to find deleted ones at its end (an earlier dump of the site exists). */
    @Column(name = "tracks_deletions")
    public boolean tracksDeletions;

    /** Whether the site had no posts when the job started: its rows are copied in without merging. */
    @Column(name = "first_load")
    public boolean firstLoad;

    /** How many times the job was resumed after a stop. */
    public int resumed;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public static List<IngestJob> latest(int offset, int limit) {
        return find("order by createdAt desc, id").range(offset, offset + limit - 1).list();
    }

    /** The latest successful job of each dump (site and dump date), newest first. */
    public static List<IngestJob> latestPerDump(int offset, int limit) {
        // a validate-only job stored nothing: it is no dump of the inventory
        return find("from IngestJob j where j.state = ?1 and j.validateOnly = false and j.finishedAt = ("
                + "select max(o.finishedAt) from IngestJob o where o.state = ?1 and o.validateOnly = false "
                + "and o.site = j.site and coalesce(o.dumpDate, '') = coalesce(j.dumpDate, '')) "
                + "order by j.finishedAt desc, j.id", State.SUCCEEDED).range(offset, offset + limit - 1).list();
    }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED || state == State.CANCELLED;
    }

    /** The latest dump date of a site that a successful job ingested before this one, if any. */
    public static java.util.Optional<String> latestDumpDate(String site, java.util.UUID except) {
        return java.util.Optional.ofNullable(getEntityManager().createQuery(
                "select max(j.dumpDate) from IngestJob j where j.site = ?1 and j.state = ?2 and j.id <> ?3 and j.validateOnly = false", String.class)
                .setParameter(1, site).setParameter(2, State.SUCCEEDED).setParameter(3, except).getSingleResult());
    }

    /** The latest dump date a successful job stored of a site, if any. */
    public static java.util.Optional<String> latestDumpDate(String site) {
        return java.util.Optional.ofNullable(getEntityManager().createQuery(
                "select max(j.dumpDate) from IngestJob j where j.site = ?1 and j.state = ?2 and j.validateOnly = false", String.class)
                .setParameter(1, site).setParameter(2, State.SUCCEEDED).getSingleResult());
    }

    public static boolean siteHasPosts(String site) {
        return !getEntityManager().createNativeQuery("SELECT 1 FROM post WHERE site = ?1 LIMIT 1")
                .setParameter(1, site).getResultList().isEmpty();
    }

    public static boolean isCancelRequested(java.util.UUID id) {
        return count("id = ?1 and cancelRequested = true", id) > 0;
    }

    /** Jobs a stop left unfinished, oldest first. */
    public static List<IngestJob> unfinished() {
        return list("state in (?1, ?2) order by createdAt", State.RUNNING, State.QUEUED);
    }
}
