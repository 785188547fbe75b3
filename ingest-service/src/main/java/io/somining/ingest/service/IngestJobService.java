package io.somining.ingest.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.somining.ingest.config.IngestConfig;
import io.somining.ingest.parse.DumpLayout;
import io.somining.ingest.repository.IngestJob;
import io.somining.platform.migration.DatabaseMigrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/** Accepts ingest jobs and runs them one at a time in the background. */
@ApplicationScoped
public class IngestJobService {

    private static final Logger LOG = Logger.getLogger(IngestJobService.class);

    @Inject
    IngestConfig config;

    @Inject
    IngestRunner runner;

    @Inject
    DatabaseMigrator migrator;

    @Inject
    ClientPaths clientPaths;

    // one job at a time: two dumps of one site must be applied in the order they were submitted
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "ingest-job");
        thread.setDaemon(true);
        return thread;
    });

    /** Resumes, in their order, the jobs a stop (even kill -9) left unfinished, from their checkpoints. */
    void onStart(@Observes StartupEvent event) {
        executor.submit(() -> {
            try {
                migrator.awaitMigrated();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            List<IngestJob> unfinished = QuarkusTransaction.requiringNew().call(IngestJob::unfinished);
            for (IngestJob job : unfinished) {
                try {
                    DumpLayout layout = DumpLayout.of(resolveInsideDataDir(job.path), config.decoding());
                    LOG.infof("Resuming job %s (%s) after %d file(s) and %d row(s)", job.id, job.path, job.filesDone,
                            job.rowsDoneInFile);
                    // here, on the job thread itself, so that resumed jobs run before any submitted since
                    runner.run(job.id, layout);
                } catch (IOException | RuntimeException e) {
                    runner.fail(job.id, "cannot resume: " + clientPaths.relative(e.getMessage()));
                }
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** Checks the request, records the job and queues it; bad paths and unreadable layouts fail here, at once. */
    public IngestJob start(String requestedPath, Optional<String> requestedSite, Optional<String> requestedDumpDate,
            boolean validateOnly) {
        Path path = resolveInsideDataDir(requestedPath);
        DumpLayout layout;
        long total;
        try {
            layout = DumpLayout.of(path, config.decoding());
            total = layout.totalBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + requestedPath + ": " + clientPaths.relative(e.getMessage()));
        } catch (IllegalArgumentException e) {
            // "not a dump: <file>", an archive without posts: named as the client named them
            throw new IllegalArgumentException(clientPaths.relative(e.getMessage()), e);
        }
        String site = requestedSite.or(layout::site).orElseThrow(() -> new IllegalArgumentException(
                "cannot tell the site of " + requestedPath
                        + ": name its folder <site>_<yyyy-mm> (as ai.stackexchange.com_2017-03) or pass 'site'"));
        String dumpDate = checkedDumpDate(requestedDumpDate.or(layout::dumpDate).orElse(null));
        if (!validateOnly && dumpDate != null) {
            refuseOlderThanStored(site, dumpDate);
        }
        IngestJob job = QuarkusTransaction.requiringNew().call(() -> {
            IngestJob created = new IngestJob();
            created.id = UUID.randomUUID();
            created.state = IngestJob.State.QUEUED;
            // as the data directory names it, however the request did (absolute, with ./ or ../ inside it)
            created.path = dataRoot().relativize(path).toString();
            created.format = layout.format().name();
            created.site = site;
            created.dumpDate = dumpDate;
            created.bytesTotal = total;
            created.validateOnly = validateOnly;
            created.createdAt = Instant.now();
            created.persist();
            return created;
        });
        UUID id = job.id;
        executor.submit(() -> runner.run(id, layout));
        return job;
    }

    /**
     * Keeps an uploaded file under {@code uploads/<id>/} in the data directory and ingests it like any
     * other file there.
     */
    public IngestJob startUpload(Path uploaded, String fileName, String site, Optional<String> dumpDate) {
        String safeName = fileName == null ? "" : Path.of(fileName).getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        String relative = "uploads/" + UUID.randomUUID() + "/" + (safeName.isBlank() ? "upload" : safeName);
        try {
            Path target = config.dataDir().resolve(relative);
            Files.createDirectories(target.getParent());
            Files.move(uploaded, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            try {
                Files.move(uploaded, config.dataDir().resolve(relative));
            } catch (IOException moveFailed) {
                throw new IllegalStateException("cannot keep the upload: " + moveFailed.getMessage(), moveFailed);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the upload: " + e.getMessage(), e);
        }
        try {
            return start(relative, Optional.of(site), dumpDate, false);
        } catch (RuntimeException refused) {
            // nothing was queued: the upload is not kept
            deleteQuietly(config.dataDir().resolve(relative).getParent());
            throw refused;
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warnf("cannot remove the refused upload %s: %s", folder, e.getMessage());
        }
    }

    /** Asks a queued or running job to stop after its current batch; answers the job, or empty if unknown. */
    @Transactional
    public Optional<IngestJob> cancel(UUID id) {
        Optional<IngestJob> job = IngestJob.findByIdOptional(id);
        job.ifPresent(j -> {
            if (j.finished()) {
                throw new JobFinishedException("job " + id + " is already " + j.state);
            }
            j.cancelRequested = true;
            if (j.state == IngestJob.State.QUEUED) {
                // nothing was read yet: it ends here, and the queue passes over it
                j.state = IngestJob.State.CANCELLED;
                j.finishedAt = Instant.now();
            }
        });
        return job;
    }

    @Transactional
    public Optional<IngestJob> find(UUID id) {
        return IngestJob.findByIdOptional(id);
    }

    @Transactional
    public List<IngestJob> latest(int offset, int limit) {
        return IngestJob.latest(offset, limit);
    }

    /**
     * A site's dumps are stored in their order: an older dump after a newer one would bring back what the newer one
     * changed or deleted, and the site's state would be neither dump. It is refused; to study an older snapshot, ingest
     * it under a site name of its own (site=...), or read it through with validateOnly.
     */
    private static void refuseOlderThanStored(String site, String dumpDate) {
        QuarkusTransaction.requiringNew().call(() -> IngestJob.latestDumpDate(site)).ifPresent(latest -> {
            if (latest.compareTo(dumpDate) > 0) {
                throw new jakarta.ws.rs.WebApplicationException("dumpDate: the " + dumpDate + " dump of " + site + " is older than its"
                        + " latest stored dump (" + latest + "); dumps of a site are stored in their order. Ingest it"
                        + " under a site name of its own, or with validateOnly", 409);
            }
        });
    }

    /** The oldest month a Stack Exchange dump can be of: Stack Overflow opened in 2008. */
    private static final YearMonth FIRST_DUMP_MONTH = YearMonth.of(2008, 1);

    /**
     * A dump date is a real month (or day) between Stack Overflow's start and now: deletions depend on the order of a
     * site's dumps, so a typo such as 9999-12 would switch them off for every later dump.
     */
    static String checkedDumpDate(String dumpDate) {
        if (dumpDate == null) {
            return null;
        }
        YearMonth month;
        try {
            month = dumpDate.length() == 7 ? YearMonth.parse(dumpDate) : YearMonth.from(LocalDate.parse(dumpDate));
        } catch (DateTimeParseException e) {
            month = null;
        }
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        if (month == null || month.isBefore(FIRST_DUMP_MONTH) || month.isAfter(now)) {
            throw new IllegalArgumentException("dumpDate: '" + dumpDate + "' is not the date of a Stack Exchange dump"
                    + " (yyyy-mm or yyyy-mm-dd, from " + FIRST_DUMP_MONTH + " to " + now + ")");
        }
        return dumpDate;
    }

    private Path dataRoot() {
        try {
            return config.dataDir().toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("the data directory cannot be read: " + e.getMessage(), e);
        }
    }

    private Path resolveInsideDataDir(String requested) {
        try {
            Path root = config.dataDir().toRealPath();
            Path candidate;
            try {
                candidate = root.resolve(requested).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("path: '" + requested.replace("\0", "\\u0000") + "' is not a valid path");
            }
            // refused before the file system is asked: whether a file outside exists is no answer to give
            if (!candidate.startsWith(root)) {
                throw new IllegalArgumentException("path outside the data directory: " + requested);
            }
            if (!Files.exists(candidate)) {
                throw new IllegalArgumentException("no such file or folder under the data directory: " + requested);
            }
            // a link inside may lead outside
            Path real = candidate.toRealPath();
            if (!real.startsWith(root)) {
                throw new IllegalArgumentException("path outside the data directory: " + requested);
            }
            return real;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + requested + ": " + clientPaths.relative(e.getMessage()));
        }
    }
}
