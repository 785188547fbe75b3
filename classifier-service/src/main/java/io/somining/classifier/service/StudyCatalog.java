package io.somining.classifier.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.somining.classifier.repository.StudyVersion;
import io.somining.classifier.study.CompiledStudy;
import io.somining.classifier.study.StudyDefinition;
import io.somining.classifier.study.StudyParser;
import io.somining.platform.migration.DatabaseMigrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The active studies (the latest version of each), compiled. The studies the service ships are
 * published on first start; a stored version is never overwritten.
 */
@ApplicationScoped
public class StudyCatalog {

    private static final Logger LOG = Logger.getLogger(StudyCatalog.class);
    static final List<String> SHIPPED = List.of("studies/fse2020.json");

    @Inject
    DatabaseMigrator migrator;

    private final Map<String, CompiledStudy> active = new ConcurrentHashMap<>();
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private volatile boolean loaded;

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
        QuarkusTransaction.requiringNew().run(() -> {
            SHIPPED.forEach(this::publishShipped);
            for (StudyVersion stored : StudyVersion.latestOfEachStudy()) {
                active.put(stored.studyId, new CompiledStudy(StudyParser.parse(stored.document)));
                documents.put(stored.studyId, stored.document);
            }
        });
        LOG.infof("Active studies: %s", active.keySet());
        loaded = true;
    }

    private void publishShipped(String resource) {
        String document = read(resource);
        StudyDefinition definition = StudyParser.parse(document);
        StudyVersion existing = StudyVersion.findById(new StudyVersion.Key(definition.id(), definition.version()));
        if (existing != null) {
            if (!StudyParser.parse(existing.document).equals(definition)) {
                LOG.warnf("Study %s version %d is stored with other content than %s; the stored one stays (versions are immutable)",
                        definition.id(), definition.version(), resource);
            }
            return;
        }
        StudyVersion version = new StudyVersion();
        version.studyId = definition.id();
        version.version = definition.version();
        version.title = definition.title();
        // the document is kept as written, so researchers get back exactly what they published
        version.document = document;
        version.publishedAt = Instant.now();
        version.persist();
        LOG.infof("Published shipped study %s version %d", definition.id(), definition.version());
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
