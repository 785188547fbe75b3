package io.somining.ingest.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.QuestionDeleted;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.ingest.config.IngestConfig;
import io.somining.ingest.messaging.QuestionUpsertedPayloads;
import io.somining.ingest.parse.DumpFormatException;
import io.somining.ingest.parse.DumpLayout;
import io.somining.ingest.parse.PostRow;
import io.somining.ingest.repository.IngestJob;
import io.somining.ingest.repository.PostBatch;
import io.somining.ingest.repository.PostStore;
import io.somining.platform.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs one ingest job: streams the rows, stores each batch with its events in one transaction,
 * then announces accepted answers whose question and answer are both stored.
 */
@ApplicationScoped
public class IngestRunner {

    private static final Logger LOG = Logger.getLogger(IngestRunner.class);
    private static final int WARNINGS_KEPT = 50;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    /** Posts walked per step when looking for deleted posts and accepted answers to announce. */
    private static final long POSTS_PER_STEP = 50_000;

    @Inject
    IngestConfig config;

    @Inject
    PostStore posts;

    @Inject
    OutboxWriter outbox;

    @Inject
    QuestionUpsertedPayloads questionPayloads;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ClientPaths clientPaths;

    /** Counters of a running job, written to its row with every batch. */
    private static final class Progress {
        int filesDone;
        long rowsDoneInFile;
        long bytesBefore;
        long bytesRead;
        long rows;
        long questions;
        long answers;
        long changed;
        long linked;
        long deletedQuestions;
        long deletedAnswers;
        long skipped;
        /** Rows skipped whose post id could not be read either: which stored posts the dump holds is then unknown. */
        long unidentified;
        final List<String> warnings = new ArrayList<>();
        final List<String> checksums = new ArrayList<>();
        long lastLog = System.nanoTime();
        /** While the site's first load copies into its detached partition: that table; else null (merge). */
        String loadTable;
        /** Finds accepted answers while a first load streams; when it cannot tell, the job walks its posts at the end. */
        AcceptedAnswerTracker acceptedAnswers = AcceptedAnswerTracker.none();
        /** While a first load tells repeated posts apart itself, the ids it copied; null when its partition's key does, or no load runs. */
        CopiedIds copiedIds;
        /** The posts this run read, so that a post read twice counts once (a question in two files of the artifact). */
        final IdBits readInJob = new IdBits();
        /** The questions this run read, and answers read before any question they name: orphans if none comes. */
        final IdBits questionsInJob = new IdBits();
        /** {answer id, parent id, line}: numbers only, not the rows with their bodies. */
        final List<long[]> answersAwaitingParent = new ArrayList<>();
        /** The posts read from the current file, and those it repeats (id, line of the repeat): warned at its end. */
        IdBits readInFile = new IdBits();
        final Map<Long, Long> repeatedInFile = new java.util.LinkedHashMap<>();

        /**
         * Notes a row read: a question (for orphan answers), an answer whose question has not come, a repeat within
         * its file; answers whether the job reads this post for the first time (a post read twice counts once).
         */
        boolean read(PostRow row) {
            if (row.isQuestion()) {
                questionsInJob.set(row.id());
            } else if (row.postTypeId() == PostRow.ANSWER && row.parentId() != null
                    && !questionsInJob.get(row.parentId()) && answersAwaitingParent.size() < MAX_AWAITING_PARENT) {
                answersAwaitingParent.add(new long[] { row.id(), row.parentId(), row.line() });
            }
            if (readInFile.get(row.id())) {
                repeatedInFile.putIfAbsent(row.id(), row.line());
            }
            readInFile.set(row.id());
            if (readInJob.get(row.id())) {
                return false;
            }
            readInJob.set(row.id());
            return true;
        }

        /** The counters as they are, to be put back when a batch's transaction rolls back. */
        Counters counters() {
            return new Counters(rowsDoneInFile, bytesRead, rows, questions, answers, changed, linked, skipped,
                    unidentified, warnings.size());
        }

        void restore(Counters counters) {
            rowsDoneInFile = counters.rowsDoneInFile();
            bytesRead = counters.bytesRead();
            rows = counters.rows();
            questions = counters.questions();
            answers = counters.answers();
            changed = counters.changed();
            linked = counters.linked();
            skipped = counters.skipped();
            unidentified = counters.unidentified();
            warnings.subList(counters.warnings(), warnings.size()).clear();
        }
    }

    /** What one batch adds to a job's counters. */
    private record Counters(long rowsDoneInFile, long bytesRead, long rows, long questions, long answers, long changed,
            long linked, long skipped, long unidentified, int warnings) {
    }

    /** Runs a job from its checkpoint: from the start for a new job, after the last stored batch for a resumed one. */
    public void run(UUID jobId, DumpLayout layout) {
        IngestJob job = QuarkusTransaction.requiringNew().call(() -> {
            IngestJob running = IngestJob.findById(jobId);
            if (running.finished()) {
                // cancelled while it waited in the queue
                return null;
            }
            if (running.state == IngestJob.State.RUNNING) {
                running.resumed++;
            }
            running.state = IngestJob.State.RUNNING;
            if (running.startedAt == null) {
                running.startedAt = Instant.now();
                running.tracksDeletions = !running.validateOnly
                        && IngestJob.latestDumpDate(running.site, running.id).isPresent();
                running.firstLoad = !running.validateOnly && !IngestJob.siteHasPosts(running.site);
            }
            return running;
        });
        if (job == null) {
            return;
        }
        String dumpId = job.site + "@" + (job.dumpDate == null ? "unknown" : job.dumpDate);
        Progress progress = restore(job);
        if (job.firstLoad && !job.tracksDeletions) {
            progress.loadTable = withConnection(connection -> posts.partitionForLoad(connection, job.site));
            boolean fromStart = progress.rows == 0 && progress.filesDone == 0;
            if (!fromStart) {
                keyTheLoad(job, progress, "the job resumes");
            } else if (withConnection(connection -> posts.isLoadEmpty(connection, progress.loadTable))) {
                progress.copiedIds = new CopiedIds();
            } else {
                keyTheLoad(job, progress, "the partition held posts before the job");
            }
            // links left from posts dropped by hand would collide with the load's plain inserts
            if (fromStart && !withConnection(connection -> posts.hasAnnouncedAcceptedAnswers(connection, job.site))) {
                progress.acceptedAnswers = AcceptedAnswerTracker.fromStart();
            }
        }
        long started = System.nanoTime();
        try {
            if (QuarkusTransaction.requiringNew().call(() -> IngestJob.isCancelRequested(jobId))) {
                throw new JobCancelled();
            }
            for (int index = 0; index < progress.filesDone; index++) {
                progress.bytesBefore += java.nio.file.Files.size(layout.files().get(index));
            }
            for (int index = progress.filesDone; index < layout.files().size(); index++) {
                Path file = layout.files().get(index);
                try (DumpLayout.Opened opened = layout.open(file)) {
                    skipStoredRows(opened, progress.rowsDoneInFile, progress);
                    ingestFile(job, dumpId, opened, progress);
                    opened.input().content().transferTo(java.io.OutputStream.nullOutputStream());
                    opened.input().sha256OfFile().ifPresent(hash ->
                            progress.checksums.add(file.getFileName() + " sha256:" + hash));
                }
                warnRepeats(layout, file, progress);
                progress.bytesBefore += java.nio.file.Files.size(file);
                progress.filesDone = index + 1;
                progress.rowsDoneInFile = 0;
            }
            if (progress.rows == 0) {
                // a dump holds posts: an empty one is a broken file, never a site emptied (it would delete all)
                LOG.errorf("Job %s FAILED: the dump holds no posts", jobId);
                stop(job, progress, IngestJob.State.FAILED, "the dump holds no posts" + (progress.skipped == 0 ? ""
                        : " that could be read (" + progress.skipped + " row(s) skipped)") + ": nothing stored, nothing deleted");
                return;
            }
            warnOrphanAnswers(layout, progress);
            if (!job.validateOnly) {
                attachLoadedPartition(job, progress);
                withConnection(connection -> {
                    posts.analyze(connection, job.site);
                    return null;
                });
                if (layout.format() == DumpLayout.Format.POSTS_XML) {
                    applyDeletions(job, dumpId, progress);
                }
                if (progress.acceptedAnswers.isComplete()) {
                    LOG.infof("Job %s: %d accepted answers announced while loading; no walk over the stored posts needed",
                            jobId, progress.linked);
                } else {
                    LOG.infof("Job %s: walking the stored posts for accepted answers to announce: %s", jobId,
                            progress.acceptedAnswers.incompleteBecause());
                    linkAcceptedAnswers(job, progress);
                }
            }
            finish(jobId, progress, IngestJob.State.SUCCEEDED, null);
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("Job %s SUCCEEDED: %s, %d rows (%d questions, %d changed, %d answers linked, %d skipped) in %.1f s, %.0f rows/s",
                    jobId, job.path, progress.rows, progress.questions, progress.changed, progress.linked,
                    progress.skipped, seconds, progress.rows / Math.max(seconds, 1e-9));
        } catch (JobCancelled e) {
            LOG.infof("Job %s CANCELLED after %d rows", jobId, progress.rows);
            stop(job, progress, IngestJob.State.CANCELLED, null);
        } catch (DumpFormatException e) {
            LOG.errorf("Job %s FAILED: %s", jobId, e.getMessage());
            stop(job, progress, IngestJob.State.FAILED, e.getMessage());
        } catch (java.io.IOException e) {
            // unreadable or truncated compressed data, compression bombs: the message names the file
            LOG.errorf("Job %s FAILED: %s", jobId, e.getMessage());
            stop(job, progress, IngestJob.State.FAILED, e.getMessage());
        } catch (Exception e) {
            // unplanned: the job names an incident, the log has the details (as a 500 does)
            String incident = java.util.UUID.randomUUID().toString();
            LOG.errorf(e, "Job %s FAILED, incident %s", jobId, incident);
            stop(job, progress, IngestJob.State.FAILED, "unexpected error, incident " + incident);
        }
    }

    /**
     * Ends a first load: what it stored becomes visible and indexed. Also when the job stops early
     * (cancelled, failed), so that what was stored stays readable; a resumed job copies into the
     * attached partition, whose indexes then follow each row.
     */
    private void attachLoadedPartition(IngestJob job, Progress progress) {
        if (progress.loadTable != null) {
            long started = System.nanoTime();
            QuarkusTransaction.requiringNew().timeout((int) config.attachTimeout().toSeconds()).call(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    posts.attachPartition(connection, job.site);
                }
                return null;
            });
            progress.loadTable = null;
            progress.copiedIds = null;
            questionPayloads.forget(job.site);
            LOG.infof("Job %s: attached and indexed the posts of %s in %.1f s", job.id, job.site,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** Ends a job that stopped early, keeping what it stored readable. */
    private void stop(IngestJob job, Progress progress, IngestJob.State state, String error) {
        try {
            attachLoadedPartition(job, progress);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %s: cannot attach the posts of %s; the job's resume attaches them", job.id, job.site);
        }
        finish(job.id, progress, state, clientPaths.relative(error));
    }

    /** Runs one unit of work on a JDBC connection in a transaction of its own. */
    private <T> T withConnection(SqlWork<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        });
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws java.sql.SQLException;
    }

    private static Progress restore(IngestJob job) {
        Progress progress = new Progress();
        progress.filesDone = job.filesDone;
        progress.rowsDoneInFile = job.rowsDoneInFile;
        progress.bytesRead = job.bytesRead;
        progress.rows = job.rowsRead;
        progress.questions = job.questions;
        progress.answers = job.answers;
        progress.changed = job.changedQuestions;
        progress.linked = job.linkedAnswers;
        progress.deletedQuestions = job.deletedQuestions;
        progress.deletedAnswers = job.deletedAnswers;
        progress.skipped = job.skippedRows;
        progress.unidentified = job.unidentifiedRows;
        if (job.warnings != null) {
            progress.warnings.addAll(List.of(job.warnings.split("\n")));
        }
        if (job.checksums != null) {
            progress.checksums.addAll(List.of(job.checksums.split("\n")));
        }
        return progress;
    }

    /** Most answers an ingest keeps waiting for their question (a dump sorted by id has none waiting). */
    private static final int MAX_AWAITING_PARENT = 100_000;

    /**
     * Warns of the answers whose ParentId names no question of the dump: stored, but answering nothing it holds. A
     * dump of one file (Stack Exchange's Posts.xml) names it with the line, as the other warnings do.
     */
    private void warnOrphanAnswers(DumpLayout layout, Progress progress) {
        List<long[]> orphans = progress.answersAwaitingParent.stream()
                .filter(answer -> !progress.questionsInJob.get(answer[1])).toList();
        if (!orphans.isEmpty()) {
            long[] first = orphans.get(0);
            String where = layout.files().size() == 1 ? clientPaths.relative(layout.files().get(0) + ":" + first[2])
                    : "line " + first[2];
            progress.warnings.add(orphans.size() + " answer(s) name a ParentId that is no question of the dump; the first:"
                    + " answer " + first[0] + " (" + where + ") names " + first[1]);
        }
        progress.answersAwaitingParent.clear();
    }

    /**
     * Warns of each post the file holds twice, with both lines; the later row is what is stored. The first line is
     * found by reading the file again, which only a file with repeats costs: a clean dump is read once.
     */
    private void warnRepeats(DumpLayout layout, Path file, Progress progress) throws Exception {
        Map<Long, Long> repeats = Map.copyOf(progress.repeatedInFile);
        progress.repeatedInFile.clear();
        progress.readInFile = new IdBits();
        if (repeats.isEmpty()) {
            return;
        }
        Map<Long, Long> firstLines = new java.util.HashMap<>();
        try (DumpLayout.Opened opened = layout.open(file)) {
            PostRow row;
            while (firstLines.size() < repeats.size() && (row = opened.rows().next()) != null) {
                if (repeats.containsKey(row.id())) {
                    firstLines.putIfAbsent(row.id(), row.line());
                }
            }
        }
        repeats.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .limit(Math.max(0, WARNINGS_KEPT - progress.warnings.size()))
                .forEach(repeat -> progress.warnings.add(clientPaths.relative(file + ":" + repeat.getValue()
                        + ": post " + repeat.getKey() + " repeats line " + firstLines.get(repeat.getKey())
                        + " of the same file; the later row is stored, and the post counted once")));
    }

    /** Reads past the rows a stopped run already stored; parsing again is cheaper than remembering offsets. */
    private static void skipStoredRows(DumpLayout.Opened opened, long rows, Progress progress) throws Exception {
        for (long skipped = 0; skipped < rows; skipped++) {
            PostRow row = opened.rows().next();
            if (row == null) {
                throw new IllegalStateException("the file has fewer rows than the checkpoint (" + rows
                        + "): it changed since the job started");
            }
            // counted before the stop: known again, so that a later repeat of them is told
            progress.read(row);
        }
        opened.rows().drainSkipped();
    }

    /** Marks a job failed outside a run (e.g. it cannot be resumed). */
    public void fail(UUID jobId, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            IngestJob job = IngestJob.findById(jobId);
            job.state = IngestJob.State.FAILED;
            job.error = error;
            job.finishedAt = Instant.now();
        });
    }

    /** Thrown between batches when the job was asked to stop; what was stored stays. */
    private static final class JobCancelled extends RuntimeException {
        JobCancelled() {
            super("cancelled", null, false, false);
        }
    }

    private void ingestFile(IngestJob job, String dumpId, DumpLayout.Opened opened, Progress progress)
            throws Exception {
        try (ReadAhead reader = new ReadAhead(opened, config.batchSize(), config.batchMaxChars(),
                job.validateOnly ? null : rows -> PostBatch.of(job.site, job.id, rows))) {
            ReadAhead.Batch batch;
            while ((batch = reader.next()) != null) {
                store(job, dumpId, batch, progress);
            }
        }
    }

    /**
     * Stores a batch, its events and the job's checkpoint in one transaction. When that fails, the batch's counts
     * are taken back with it: a job that fails reports what it stored, not what it read.
     */
    private void store(IngestJob job, String dumpId, ReadAhead.Batch batch, Progress progress) {
        Counters before = progress.counters();
        try {
            count(batch, progress);
            if (storeCounted(job, dumpId, batch, progress)) {
                throw new JobCancelled();
            }
        } catch (RuntimeException e) {
            if (!(e instanceof JobCancelled)) {
                progress.restore(before);
            }
            throw e;
        }
        if (System.nanoTime() - progress.lastLog > LOG_EVERY_NANOS) {
            progress.lastLog = System.nanoTime();
            LOG.infof("Job %s: %d rows, %d MB read", job.id, progress.rows, progress.bytesRead >> 20);
        }
    }

    private void count(ReadAhead.Batch batch, Progress progress) {
        progress.skipped += batch.skipped().count();
        progress.unidentified += batch.skipped().unidentified();
        batch.skipped().warnings().stream().limit(Math.max(0, WARNINGS_KEPT - progress.warnings.size()))
                .map(clientPaths::relative).forEach(progress.warnings::add);
        progress.bytesRead = progress.bytesBefore + batch.position();
        progress.rows += batch.rows().size();
        progress.rowsDoneInFile += batch.rows().size();
        for (PostRow row : batch.rows()) {
            if (!progress.read(row)) {
                continue;
            }
            if (row.isQuestion()) {
                progress.questions++;
            } else if (row.postTypeId() == PostRow.ANSWER) {
                progress.answers++;
            }
        }
    }

    /** Stores a counted batch; answers whether a cancel was asked. */
    private boolean storeCounted(IngestJob job, String dumpId, ReadAhead.Batch batch, Progress progress) {
        if (repeatsCopiedPost(job, batch, progress)) {
            mergeFromHere(job, batch, progress);
            return storeBatch(job, dumpId, batch, progress);
        }
        try {
            return storeBatch(job, dumpId, batch, progress);
        } catch (RuntimeException e) {
            if (progress.loadTable == null || !PostStore.isRepeatedPost(e)) {
                throw e;
            }
            // the partition's key refused the batch: nothing of it was kept
            mergeFromHere(job, batch, progress);
            return storeBatch(job, dumpId, batch, progress);
        }
    }

    /** Whether a first load that notes the ids it copied meets one again in this batch. */
    private boolean repeatsCopiedPost(IngestJob job, ReadAhead.Batch batch, Progress progress) {
        if (progress.copiedIds == null) {
            return false;
        }
        return switch (progress.copiedIds.add(batch.encoded().ids())) {
            case NEW -> false;
            case REPEATED -> true;
            case OUT_OF_RANGE -> {
                keyTheLoad(job, progress, "a post id is beyond the range of the ids it notes");
                yield false;
            }
        };
    }

    /** From now on the load's partition tells repeated posts apart, with its primary key. */
    private void keyTheLoad(IngestJob job, Progress progress, String because) {
        long started = System.nanoTime();
        withConnection(connection -> {
            posts.addKey(connection, job.site);
            return null;
        });
        progress.copiedIds = null;
        LOG.infof("Job %s: the posts of %s copied so far got their primary key (%.1f s), as %s", job.id, job.site,
                (System.nanoTime() - started) / 1e9, because);
    }

    /** The dump repeats a post the first load stored: the load's partition is attached, and the job merges from here on. */
    private void mergeFromHere(IngestJob job, ReadAhead.Batch batch, Progress progress) {
        LOG.infof("Job %s: the dump repeats a stored post near line %d; merging from here on", job.id,
                batch.rows().get(0).line());
        attachLoadedPartition(job, progress);
        progress.acceptedAnswers.giveUp("the dump repeats a post");
        job.firstLoad = false;
        QuarkusTransaction.requiringNew().run(() -> IngestJob.<IngestJob>findById(job.id).firstLoad = false);
    }

    /** One transaction: the batch's rows, its events and the checkpoint; answers whether a cancel was asked. */
    private boolean storeBatch(IngestJob job, String dumpId, ReadAhead.Batch batch, Progress progress) {
        Counters before = progress.counters();
        List<PostRow> loadedQuestions = new ArrayList<>();
        try {
            boolean cancelRequested = QuarkusTransaction.requiringNew().call(() -> {
            if (!job.validateOnly) {
                try (Connection connection = dataSource.getConnection()) {
                    if (progress.loadTable == null) {
                        questionPayloads.forget(job.site);
                        // stored questions may change: their pending events get the state they announce first
                        outbox.writeDeferredPayloads(connection, QuestionUpserted.TYPE,
                                QuestionUpsertedPayloads.pendingKeys(job.site, batch.encoded().questionKeys()));
                    }
                    List<PostRow> changed = posts.upsert(connection, job.id, batch.encoded(), progress.loadTable,
                            job.tracksDeletions);
                    if (job.tracksDeletions) {
                        // a row skipped as unreadable is still held by the dump: its stored post is no deletion
                        posts.markSeen(connection, job.id, batch.skipped().ids());
                    }
                    progress.changed += changed.size();
                    List<Long> changedIds = changed.stream().map(PostRow::id).toList();
                    if (progress.loadTable != null) {
                        // a first load: one outbox row for the batch's questions, and the accepted answers it completes
                        outbox.appendDeferred(connection, Topics.QUESTIONS, changedIds.isEmpty() ? List.of()
                                : List.of(QuestionUpsertedPayloads.batch(job.site, dumpId, changedIds)));
                        announceAcceptedAnswers(connection, job, batch, progress);
                        if (batch.encoded().storedAsRead()) {
                            loadedQuestions.addAll(changed);
                        }
                    } else {
                        outbox.appendDeferred(connection, Topics.QUESTIONS, changedIds.stream()
                                .map(id -> QuestionUpsertedPayloads.event(job.site, dumpId, id)).toList());
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("cannot store the batch ending at line "
                            + batch.rows().get(batch.rows().size() - 1).line() + ": " + e.getMessage(), e);
                }
            }
            return saveProgress(job.id, progress).cancelRequested;
            });
            // committed: the relay may publish these questions' events from memory
            questionPayloads.remember(job.site, loadedQuestions);
            return cancelRequested;
        } catch (RuntimeException e) {
            progress.restore(before);
            throw e;
        }
    }

    /** A first load announces the accepted answers its batch completes with the batch, when the tracker can tell them. */
    private void announceAcceptedAnswers(Connection connection, IngestJob job, ReadAhead.Batch batch, Progress progress)
            throws java.sql.SQLException {
        var links = progress.acceptedAnswers.observe(batch.encoded().rows());
        posts.noteAnnounced(connection, job.site, links);
        publishLinks(connection, job, links, progress);
    }

    /** The events of accepted answers just noted as announced, in the same transaction. */
    private void publishLinks(Connection connection, IngestJob job, List<PostStore.AcceptedLink> links, Progress progress)
            throws java.sql.SQLException {
        outbox.append(connection, Topics.QUESTIONS, links.stream()
                .map(l -> AcceptedAnswerLinked.of(job.site, l.questionId(), l.answerId(), l.answerCreationDate()))
                .toList());
        progress.linked += links.size();
    }

    /**
     * A full dump holds every post of its site: what a newer one no longer holds was deleted. Applied
     * only when an earlier dump of the site was ingested and this one is not older than it.
     */
    private void applyDeletions(IngestJob job, String dumpId, Progress progress) {
        var previous = QuarkusTransaction.requiringNew().call(() -> IngestJob.latestDumpDate(job.site, job.id));
        boolean applies = job.tracksDeletions && job.dumpDate != null && previous.isPresent()
                && previous.get().compareTo(job.dumpDate) <= 0;
        if (applies && progress.unidentified > 0) {
            progress.warnings.add("deletions not applied: " + progress.unidentified + " row(s) skipped without a"
                    + " readable Id, so which stored posts the dump still holds is unknown");
        } else if (!applies) {
            if (previous.isPresent()) {
                progress.warnings.add("deletions not applied: this dump (" + job.dumpDate
                        + ") is not known to be newer than the site's latest ingested dump (" + previous.get() + ")");
            }
        } else {
            try {
                withConnection(connection -> {
                    posts.analyzeSeen(connection);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warnf("Job %s: the statistics of the posts read were not refreshed (%s); the deletion walk goes on",
                        job.id, e.getMessage());
            }
            // posts the dump lacks are all stored already: the walk ends at the highest id stored now
            forEachIdRange(job.site, (connection, afterId, upToId) -> {
                var gone = posts.deleteUnseen(connection, job.site, job.id, dumpId, afterId, upToId);
                var questions = gone.stream().filter(d -> d.postType() == PostRow.QUESTION).toList();
                outbox.append(connection, Topics.QUESTIONS,
                        questions.stream().map(d -> QuestionDeleted.of(job.site, d.id(), dumpId)).toList());
                progress.deletedQuestions += questions.size();
                // answers only: tag wikis and the other kinds of post are neither
                progress.deletedAnswers += gone.stream().filter(d -> d.postType() == PostRow.ANSWER).count();
                saveProgress(job.id, progress);
            });
        }
        withConnection(connection -> {
            posts.forgetSeen(connection, job.id);
            return null;
        });
    }

    private void linkAcceptedAnswers(IngestJob job, Progress progress) {
        forEachIdRange(job.site, (connection, afterId, upToId) -> {
            publishLinks(connection, job, posts.linkAcceptedAnswers(connection, job.site, afterId, upToId), progress);
            saveProgress(job.id, progress);
        });
    }

    /**
     * Runs a step for each range of {@link #POSTS_PER_STEP} stored posts of the site, in id order up to the
     * highest id stored now, each in a transaction of its own: ranges of a fixed number of posts keep
     * every step as cheap as the first, however sparse the ids.
     */
    private void forEachIdRange(String site, IdRangeWork step) {
        long lastId = withConnection(connection -> posts.maxId(connection, site));
        long afterId = 0;
        while (afterId < lastId) {
            long from = afterId;
            afterId = withConnection(connection -> {
                long upToId = Math.min(lastId, posts.idAfter(connection, site, from, POSTS_PER_STEP).orElse(lastId));
                step.run(connection, from, upToId);
                return upToId;
            });
        }
    }

    @FunctionalInterface
    private interface IdRangeWork {
        void run(Connection connection, long afterId, long upToId) throws java.sql.SQLException;
    }

    private static IngestJob saveProgress(UUID jobId, Progress progress) {
        IngestJob job = IngestJob.findById(jobId);
        job.bytesRead = progress.bytesRead;
        job.rowsRead = progress.rows;
        job.questions = progress.questions;
        job.answers = progress.answers;
        job.changedQuestions = progress.changed;
        job.linkedAnswers = progress.linked;
        job.deletedQuestions = progress.deletedQuestions;
        job.deletedAnswers = progress.deletedAnswers;
        job.skippedRows = progress.skipped;
        job.unidentifiedRows = progress.unidentified;
        job.filesDone = progress.filesDone;
        job.checksums = progress.checksums.isEmpty() ? job.checksums : String.join("\n", progress.checksums);
        job.rowsDoneInFile = progress.rowsDoneInFile;
        job.warnings = progress.warnings.isEmpty() ? null : String.join("\n", progress.warnings);
        return job;
    }

    private static void finish(UUID jobId, Progress progress, IngestJob.State state, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            saveProgress(jobId, progress);
            IngestJob job = IngestJob.findById(jobId);
            job.state = state;
            job.error = error;
            job.finishedAt = Instant.now();
        });
    }
}
