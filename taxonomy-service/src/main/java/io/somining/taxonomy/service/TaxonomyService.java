package io.somining.taxonomy.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.somining.contracts.TaxonomyPublished;
import io.somining.contracts.Topics;
import io.somining.platform.migration.DatabaseMigrator;
import io.somining.platform.outbox.OutboxWriter;
import io.somining.platform.retry.UntilDone;
import io.somining.taxonomy.repository.TaxonomyNode;
import io.somining.taxonomy.repository.TaxonomyVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Stores taxonomy versions and announces each new one. */
@ApplicationScoped
public class TaxonomyService {

    private static final Logger LOG = Logger.getLogger(TaxonomyService.class);
    static final String SHIPPED_ID = "deployment-challenges";

    @Inject
    OutboxWriter outbox;

    @Inject
    DatabaseMigrator migrator;

    @Inject
    ObjectMapper mapper;

    /** The result of an import: the stored version, and whether this call stored it. */
    public record Imported(TaxonomyVersion version, boolean created) {
    }

    private volatile boolean shippedLoaded;

    /** Whether the shipped taxonomy is stored: until then a round that labels with it would be refused. */
    public boolean isShippedLoaded() {
        return shippedLoaded;
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(() -> {
            try {
                migrator.awaitMigrated();
                TaxonomyTree shipped = TaxonomyTree.fromJson(SHIPPED_ID, mapper.readTree(shippedDocument()));
                UntilDone.call("importing the shipped taxonomy",
                        () -> QuarkusTransaction.requiringNew().call(() -> importTree(shipped)));
                shippedLoaded = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "taxonomy-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private static InputStream shippedDocument() {
        return TaxonomyService.class.getResourceAsStream("/taxonomies/" + SHIPPED_ID + ".json");
    }

    /** Stores a version unless it exists; a stored version is never changed. */
    @Transactional
    public Imported importTree(TaxonomyTree tree) {
        TaxonomyVersion existing = TaxonomyVersion.findById(new TaxonomyVersion.Key(tree.id(), tree.version()));
        if (existing != null) {
            // the same document again is idempotent; other content under a stored version number is refused
            List<TaxonomyTree.Node> stored = children(TaxonomyNode.ofVersion(tree.id(), tree.version()), null);
            if (!stored.equals(tree.nodes()) || !java.util.Objects.equals(existing.name, tree.name())) {
                throw new jakarta.ws.rs.WebApplicationException("version " + tree.version() + " of " + tree.id()
                        + " is stored with other content, and a stored version never changes: publish it as version "
                        + (TaxonomyVersion.latest(tree.id()).map(v -> v.version).orElse(tree.version()) + 1), 409);
            }
            return new Imported(existing, false);
        }
        TaxonomyVersion version = new TaxonomyVersion();
        version.taxonomyId = tree.id();
        version.version = tree.version();
        version.name = tree.name();
        version.source = tree.source();
        version.publishedAt = Instant.now();
        version.persist();
        persistNodes(tree, tree.nodes(), null, 0);
        outbox.append(Topics.TAXONOMY, List.of(TaxonomyPublished.of(tree.id(), tree.version(), tree.name(),
                tree.nodeCount(), tree.leafCount())));
        LOG.infof("Stored taxonomy %s version %d: %d nodes, %d leaves", tree.id(), tree.version(), tree.nodeCount(),
                tree.leafCount());
        return new Imported(version, true);
    }

    private static void persistNodes(TaxonomyTree tree, List<TaxonomyTree.Node> nodes, Long parentId, int depth) {
        for (int i = 0; i < nodes.size(); i++) {
            TaxonomyTree.Node node = nodes.get(i);
            TaxonomyNode row = new TaxonomyNode();
            row.taxonomyId = tree.id();
            row.version = tree.version();
            row.parentId = parentId;
            row.name = node.name();
            row.description = node.description();
            row.depth = depth;
            row.position = i;
            row.persistAndFlush();
            persistNodes(tree, node.children(), row.id, depth + 1);
        }
    }

    @Transactional
    public List<TaxonomyVersion> versions(int limit) {
        return TaxonomyVersion.first(limit);
    }

    @Transactional
    public Optional<TaxonomyTree> latest(String taxonomyId) {
        return TaxonomyVersion.latest(taxonomyId).map(v -> {
            List<TaxonomyNode> rows = TaxonomyNode.ofVersion(taxonomyId, v.version);
            return new TaxonomyTree(taxonomyId, v.version, v.name, v.source, children(rows, null));
        });
    }

    private static List<TaxonomyTree.Node> children(List<TaxonomyNode> rows, Long parentId) {
        return rows.stream()
                .filter(r -> java.util.Objects.equals(r.parentId, parentId))
                .sorted(java.util.Comparator.comparingInt(r -> r.position))
                .map(r -> new TaxonomyTree.Node(r.name, r.description, children(rows, r.id)))
                .toList();
    }
}
