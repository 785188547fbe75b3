package io.somining.taxonomy.rest;

import io.somining.taxonomy.repository.TaxonomyNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A taxonomy node with its id, for labeling: {@code path} names it from its platform down. */
public record NodeView(String id, String parentId, int depth, String name, String path, boolean labelable) {

    static List<NodeView> of(List<TaxonomyNode> nodes) {
        Map<Long, TaxonomyNode> byId = new HashMap<>();
        Set<Long> parents = new HashSet<>();
        nodes.forEach(n -> {
            byId.put(n.id, n);
            if (n.parentId != null) {
                parents.add(n.parentId);
            }
        });
        List<NodeView> views = new ArrayList<>();
        for (TaxonomyNode node : nodes) {
            views.add(new NodeView(node.id.toString(), node.parentId == null ? null : node.parentId.toString(), node.depth,
                    node.name, node.path(byId), !parents.contains(node.id)));
        }
        return views;
    }
}
