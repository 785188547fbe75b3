package io.somining.taxonomy.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somining.contracts.TaxonomyPublished;
import io.somining.contracts.Topics;
import io.somining.platform.outbox.OutboxWriter;
import io.somining.taxonomy.labeling.LabelingService;
import io.somining.taxonomy.repository.LabelingStore;
import io.somining.taxonomy.repository.NodeLineage;
import io.somining.taxonomy.repository.TaxonomyNode;
import io.somining.taxonomy.repository.TaxonomyVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Edits a taxonomy: add, rename, move, merge and delete nodes, all at once, into a new version. The
 * nodes of the edited version point to what they became (node_lineage), and the rounds that labeled
 * with it move to the new version, so every label stays attached: to the renamed or moved node, or
 * to the node another was merged into. A node that still holds labels is never deleted: merge it.
 */
@ApplicationScoped
public class TaxonomyEditor {

    /** One operation; which fields it needs depends on {@code op}. Node ids are those of the edited version. */
    public record Operation(String op, String node, String parent, String into, String name, String description) {
    }

    /** The new version and, per operation, what it did. */
    public record Edited(TaxonomyVersion version, List<String> changes, int roundsMoved) {
    }

    @Inject
    OutboxWriter outbox;

    @Inject
    LabelingService labeling;

    @Inject
    LabelingStore rounds;

    @Inject
    ObjectMapper mapper;

    /** A node being edited: its id in the edited version (null when added), and where it now stands. */
    private static final class Draft {
        final Long oldId;
        String name;
        String description;
        Draft parent;
        Draft mergedInto;
        boolean deleted;
        final List<Draft> children = new ArrayList<>();
        /** Nodes merged into this one: their labels count here. */
        final List<Draft> absorbed = new ArrayList<>();
        Long newId;

        Draft(Long oldId, String name, String description) {
            this.oldId = oldId;
            this.name = name;
            this.description = description;
        }

        boolean within(Draft other) {
            for (Draft d = this; d != null; d = d.parent) {
                if (d == other) {
                    return true;
                }
            }
            return false;
        }

        void collect(Set<String> ids) {
            if (oldId != null) {
                ids.add(oldId.toString());
            }
            children.forEach(c -> c.collect(ids));
            absorbed.forEach(a -> a.collect(ids));
        }
    }

    @Transactional
    public Edited edit(String taxonomyId, int basedOn, List<Operation> operations, String user) {
        TaxonomyVersion edited = TaxonomyVersion.latestForEdit(taxonomyId)
                .orElseThrow(() -> new NotFoundException("no taxonomy " + taxonomyId));
        if (basedOn != edited.version) {
            throw new WebApplicationException("basedOn: version " + basedOn + " is not the latest of " + taxonomyId
                    + " (" + edited.version + "); read it again and redo the edit", 409);
        }
        labeling.requireNoBlindRater(taxonomyId, edited.version, user);
        List<TaxonomyNode> rows = TaxonomyNode.ofVersion(taxonomyId, edited.version);
        Map<String, Draft> byId = new HashMap<>();
        List<Draft> roots = new ArrayList<>();
        rows.forEach(r -> byId.put(r.id.toString(), new Draft(r.id, r.name, r.description)));
        for (TaxonomyNode row : rows) {
            Draft draft = byId.get(row.id.toString());
            attach(draft, row.parentId == null ? null : byId.get(row.parentId.toString()), roots);
        }
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            changes.add(apply(operations.get(i), "operations[" + i + "]", byId, roots, taxonomyId, edited.version));
        }
        checkSiblingNames(roots, "the top level");

        TaxonomyVersion next = new TaxonomyVersion();
        next.taxonomyId = taxonomyId;
        next.version = edited.version + 1;
        next.name = edited.name;
        next.source = edited.source;
        next.publishedAt = Instant.now();
        next.basedOn = edited.version;
        next.editedBy = user;
        next.edits = json(operations);
        next.persist();
        int[] counts = new int[2];
        persist(roots, null, 0, next, counts);
        for (Draft draft : byId.values()) {
            Draft now = draft;
            while (now.mergedInto != null) {
                now = now.mergedInto;
            }
            if (!now.deleted && now.newId != null) {
                NodeLineage.of(draft.oldId, now.newId).persist();
            }
        }
        int moved = rounds.moveRounds(taxonomyId, edited.version, next.version);
        outbox.append(Topics.TAXONOMY, List.of(TaxonomyPublished.of(taxonomyId, next.version, next.name, counts[0], counts[1])));
        return new Edited(next, changes, moved);
    }

    private String apply(Operation operation, String where, Map<String, Draft> byId, List<Draft> roots, String taxonomyId,
            int version) {
        String op = operation.op() == null ? "" : operation.op().toLowerCase(Locale.ROOT);
        switch (op) {
            case "add" -> {
                Draft parent = operation.parent() == null ? null : node(operation.parent(), where + ".parent", byId);
                Draft added = new Draft(null, TaxonomyTree.name(operation.name(), where + ".name"), operation.description());
                attach(added, parent, roots);
                return "added '" + added.name + "' under " + (parent == null ? "the top level" : "'" + parent.name + "'");
            }
            case "rename" -> {
                Draft node = node(operation.node(), where + ".node", byId);
                String old = node.name;
                node.name = TaxonomyTree.name(operation.name(), where + ".name");
                if (operation.description() != null) {
                    node.description = operation.description();
                }
                return "renamed '" + old + "' to '" + node.name + "'";
            }
            case "move" -> {
                Draft node = node(operation.node(), where + ".node", byId);
                Draft parent = operation.parent() == null ? null : node(operation.parent(), where + ".parent", byId);
                if (parent != null && parent.within(node)) {
                    throw new IllegalArgumentException(where + ".parent: '" + parent.name + "' lies within '" + node.name
                            + "', which cannot move under itself");
                }
                detach(node, roots);
                attach(node, parent, roots);
                return "moved '" + node.name + "' under " + (parent == null ? "the top level" : "'" + parent.name + "'");
            }
            case "merge" -> {
                Draft node = node(operation.node(), where + ".node", byId);
                Draft into = node(operation.into(), where + ".into", byId);
                if (into.within(node)) {
                    throw new IllegalArgumentException(where + ".into: '" + into.name + "' is '" + node.name
                            + "' or lies within it; merge into a node outside it");
                }
                detach(node, roots);
                for (Draft child : List.copyOf(node.children)) {
                    attach(child, into, roots);
                }
                node.children.clear();
                node.mergedInto = into;
                into.absorbed.add(node);
                return "merged '" + node.name + "' into '" + into.name + "' (its labels now count there)";
            }
            case "delete" -> {
                Draft node = node(operation.node(), where + ".node", byId);
                Set<String> ids = new HashSet<>();
                node.collect(ids);
                int labels = labeling.labelsOn(taxonomyId, version, ids);
                if (labels > 0) {
                    throw new WebApplicationException(where + ": '" + node.name + "' (or a node under it) holds " + labels
                            + " label(s); merge it into another node instead (op merge, into)", 409);
                }
                detach(node, roots);
                markDeleted(node);
                return "deleted '" + node.name + "'";
            }
            default -> throw new IllegalArgumentException(where + ".op: add, rename, move, merge or delete, was '" + operation.op() + "'");
        }
    }

    private static Draft node(String id, String where, Map<String, Draft> byId) {
        Draft node = id == null ? null : byId.get(id);
        if (node == null || node.deleted || node.mergedInto != null) {
            throw new IllegalArgumentException(where + ": " + (id == null ? "missing" : "'" + id + "' is no node of the edited version"
                    + (node != null ? " any more" : "")));
        }
        return node;
    }

    private static void attach(Draft node, Draft parent, List<Draft> roots) {
        node.parent = parent;
        (parent == null ? roots : parent.children).add(node);
    }

    private static void detach(Draft node, List<Draft> roots) {
        (node.parent == null ? roots : node.parent.children).remove(node);
        node.parent = null;
    }

    private static void markDeleted(Draft node) {
        node.deleted = true;
        node.children.forEach(TaxonomyEditor::markDeleted);
    }

    private static void checkSiblingNames(List<Draft> siblings, String where) {
        Set<String> names = new HashSet<>();
        for (Draft sibling : siblings) {
            if (!names.add(sibling.name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("two nodes named '" + sibling.name + "' under " + where
                        + ": siblings need distinct names");
            }
            checkSiblingNames(sibling.children, "'" + sibling.name + "'");
        }
    }

    private static void persist(List<Draft> nodes, Long parentId, int depth, TaxonomyVersion version, int[] counts) {
        for (int i = 0; i < nodes.size(); i++) {
            Draft draft = nodes.get(i);
            TaxonomyNode row = new TaxonomyNode();
            row.taxonomyId = version.taxonomyId;
            row.version = version.version;
            row.parentId = parentId;
            row.name = draft.name;
            row.description = draft.description;
            row.depth = depth;
            row.position = i;
            row.persistAndFlush();
            draft.newId = row.id;
            counts[0]++;
            if (draft.children.isEmpty()) {
                counts[1]++;
            }
            persist(draft.children, row.id, depth + 1, version, counts);
        }
    }

    private String json(List<Operation> operations) {
        try {
            return mapper.writeValueAsString(operations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
