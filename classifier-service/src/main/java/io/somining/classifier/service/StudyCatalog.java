package io.somining.classifier.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.somining.classifier.repository.StudyVersion;
import io.somining.classifier.study.CompiledStudy;
import io.somining.classifier.study.StudyDefinition;
import io.somining.classifier.study.StudyParser;
import io.somining.platform.migration.DatabaseMigrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import io.quarkus.scheduler.Scheduled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The active studies (the latest version of each study that is not retired), compiled. The studies
 * the service ships are published on first start; a stored version is never overwritten. The active
 * set is re-read every few seconds, so that every replica follows a publication.
 */
@ApplicationScoped
public class StudyCatalog {

    private static final Logger LOG = Logger.getLogger(StudyCatalog.class);
    static final List<String> SHIPPED = List.of("studies/fse2020.json", "studies/fse2020-artifact.json");

    @Inject
    DatabaseMigrator migrator;

    @Inject
    Event<StudyPublished> published;

    private volatile Map<String, CompiledStudy> active = Map.of();
    private volatile Map<String, String> documents = Map.of();
    private volatile boolean loaded;

    /** A version was published by this replica; the reclassifier replays the questions under it. */
    public record StudyPublished(String studyId, int fromVersion, int toVersion) {
    }

    /** What {@link #publish} did. */
    public record Publication(StudyDefinition definition, boolean created) {
    }

    /** The active studies; waits for the schema on first use, so consumers never classify against nothing. */
    public List<CompiledStudy> active() {
        ensureLoaded();
        return active.values().stream().sorted(java.util.Comparator.comparing(s -> s.definition().id())).toList();
    }

    public Optional<CompiledStudy> find(String studyId) {
        ensureLoaded();
        return Optional.ofNullable(active.get(studyId));
    }

    /** The active version's document, as it was published. */
    public Optional<String> document(String studyId) {
        ensureLoaded();
        return Optional.ofNullable(documents.get(studyId));
    }

    /** A study's latest published version, active or retired: what its results were classified by. */
    public record Published(CompiledStudy study, String document, boolean retired) {
    }

    /**
     * The latest version of a study whether or not it is retired: retiring stops classifying new questions, and the
     * results stay readable with the definition they were classified by.
     */
    public Optional<Published> published(String studyId) {
        CompiledStudy current = find(studyId).orElse(null);
        if (current != null) {
            return Optional.of(new Published(current, documents.get(studyId), false));
        }
        List<StudyVersion> versions = versions(studyId);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        StudyVersion latest = versions.get(versions.size() - 1);
        return Optional.of(new Published(new CompiledStudy(StudyParser.parse(latest.document)), latest.document, true));
    }

    private synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        try {
            if (!migrator.awaitMigrated(Duration.ofMinutes(5))) {
                throw new IllegalStateException("database schema not ready: " + migrator.lastError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database schema", e);
        }
        List<StudyPublished> created = new java.util.ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> SHIPPED.forEach(resource -> publishShipped(resource).ifPresent(
                definition -> created.add(new StudyPublished(definition.id(),
                        StudyVersion.latestVersionBefore(definition.id(), definition.version()), definition.version())))));
        reload();
        LOG.infof("Active studies: %s", active.keySet());
        loaded = true;
        // a study shipped by a newer build, on a classifier that already holds questions, is replayed
        // over them as if a researcher had published it (on a fresh start the replay finds nothing)
        created.forEach(published::fire);
    }

    @Scheduled(every = "5s", delay = 5, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (loaded) {
            reload();
        }
    }

    private void reload() {
        Map<String, CompiledStudy> compiled = new java.util.HashMap<>();
        Map<String, String> texts = new java.util.HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (StudyVersion stored : StudyVersion.latestOfEachActiveStudy()) {
                CompiledStudy current = active.get(stored.studyId);
                compiled.put(stored.studyId, current != null && current.definition().version() == stored.version
                        ? current : new CompiledStudy(StudyParser.parse(stored.document)));
                texts.put(stored.studyId, stored.document);
            }
        });
        active = Map.copyOf(compiled);
        documents = Map.copyOf(texts);
    }

    /**
     * Publishes a version: a new study, or a version above the study's latest. Publishing a version
     * that is stored with the same content again changes nothing; with other content it is refused,
     * since versions are immutable. A retired study becomes active again.
     */
    public Publication publish(String document) {
        ensureLoaded();
        StudyDefinition definition = StudyParser.parse(document);
        Publication publication = QuarkusTransaction.requiringNew().call(() -> {
            StudyVersion existing = StudyVersion.findById(new StudyVersion.Key(definition.id(), definition.version()));
            if (existing != null) {
                if (!StudyParser.parse(existing.document).equals(definition)) {
                    throw new VersionConflictException("study '" + definition.id() + "' version " + definition.version()
                            + " is already published with other content; versions are immutable, publish version "
                            + (StudyVersion.latestVersion(definition.id()) + 1));
                }
                return new Publication(definition, false);
            }
            int latest = StudyVersion.latestVersion(definition.id());
            if (definition.version() <= latest) {
                throw new VersionConflictException("study '" + definition.id() + "' is at version " + latest
                        + "; a new version must be " + (latest + 1) + " or more");
            }
            store(definition, document);
            StudyVersion.reactivate(definition.id());
            return new Publication(definition, true);
        });
        if (publication.created()) {
            reload();
            int from = StudyVersion.latestVersionBefore(definition.id(), definition.version());
            published.fire(new StudyPublished(definition.id(), from, definition.version()));
        }
        return publication;
    }

    /** Stops classifying new questions under a study; its results stay. Answers false for an unknown study. */
    public boolean retire(String studyId) {
        ensureLoaded();
        boolean known = QuarkusTransaction.requiringNew().call(() -> {
            if (StudyVersion.latestVersion(studyId) == 0) {
                return false;
            }
            StudyVersion.retire(studyId);
            return true;
        });
        reload();
        return known;
    }

    /** The reclassifications of a study, newest first. */
    public List<io.somining.classifier.repository.Reclassification> reclassifications(String studyId) {
        return QuarkusTransaction.requiringNew().call(() -> io.somining.classifier.repository.Reclassification.ofStudy(studyId));
    }

    /** Every published version of a study, oldest first (retired studies included). */
    public List<StudyVersion> versions(String studyId) {
        ensureLoaded();
        return QuarkusTransaction.requiringNew().call(() -> StudyVersion.versionsOf(studyId));
    }

    /** Stores a shipped study's version unless it is stored; answers it when this call stored it. */
    private Optional<StudyDefinition> publishShipped(String resource) {
        String document = read(resource);
        StudyDefinition definition = StudyParser.parse(document);
        StudyVersion existing = StudyVersion.findById(new StudyVersion.Key(definition.id(), definition.version()));
        if (existing != null) {
            if (!StudyParser.parse(existing.document).equals(definition)) {
                LOG.warnf("Study %s version %d is stored with other content than %s; the stored one stays (versions are immutable)",
                        definition.id(), definition.version(), resource);
            }
            return Optional.empty();
        }
        store(definition, document);
        return Optional.of(definition);
    }

    private static void store(StudyDefinition definition, String document) {
        StudyVersion version = new StudyVersion();
        version.studyId = definition.id();
        version.version = definition.version();
        version.title = definition.title();
        // the document is kept as written, so researchers get back exactly what they published
        version.document = document;
        version.publishedAt = Instant.now();
        version.persist();
        LOG.infof("Published study %s version %d", definition.id(), definition.version());
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
