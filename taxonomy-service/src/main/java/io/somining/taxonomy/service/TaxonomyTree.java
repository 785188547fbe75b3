package io.somining.taxonomy.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A taxonomy as a tree of any depth. Reads the generic form ({@code nodes} with {@code children})
 * and the paper's form ({@code platforms}, each with {@code inner} categories and their {@code leaves}).
 */
public record TaxonomyTree(String id, int version, String name, String source, List<Node> nodes) {

    public record Node(String name, String description, List<Node> children) {

        int count() {
            return 1 + children.stream().mapToInt(Node::count).sum();
        }

        int leaves() {
            return children.isEmpty() ? 1 : children.stream().mapToInt(Node::leaves).sum();
        }
    }

    public int nodeCount() {
        return nodes.stream().mapToInt(Node::count).sum();
    }

    public int leafCount() {
        return nodes.stream().mapToInt(Node::leaves).sum();
    }

    public static TaxonomyTree fromJson(String id, JsonNode document) {
        String name = required(document, "name", "");
        int version = document.path("version").asInt(1);
        if (version < 1) {
            throw new IllegalArgumentException("taxonomy " + id + ": version must be 1 or more");
        }
        List<Node> nodes;
        if (document.has("platforms")) {
            nodes = new ArrayList<>();
            int p = 0;
            for (JsonNode platform : document.get("platforms")) {
                String where = "platforms[" + p++ + "]";
                List<Node> inner = new ArrayList<>();
                int i = 0;
                for (JsonNode category : platform.path("inner")) {
                    String innerWhere = where + ".inner[" + i++ + "]";
                    List<Node> leaves = new ArrayList<>();
                    int l = 0;
                    for (JsonNode leaf : category.path("leaves")) {
                        if (!leaf.isTextual() || leaf.asText().isBlank()) {
                            throw new IllegalArgumentException("taxonomy " + id + ": " + innerWhere + ".leaves[" + l
                                    + "] must be a non-blank name");
                        }
                        leaves.add(new Node(leaf.asText().strip(), null, List.of()));
                        l++;
                    }
                    inner.add(new Node(required(category, "name", innerWhere), null, List.copyOf(leaves)));
                }
                nodes.add(new Node(required(platform, "name", where), platform.path("key").asText(null),
                        List.copyOf(inner)));
            }
        } else if (document.has("nodes")) {
            nodes = generic(id, document.get("nodes"), "nodes");
        } else {
            throw new IllegalArgumentException("taxonomy " + id + ": neither 'nodes' nor 'platforms' is given");
        }
        return new TaxonomyTree(id, version, name, document.path("source").asText(null), List.copyOf(nodes));
    }

    private static List<Node> generic(String id, JsonNode array, String where) {
        List<Node> nodes = new ArrayList<>();
        int i = 0;
        for (JsonNode node : array) {
            String here = where + "[" + i++ + "]";
            nodes.add(new Node(required(node, "name", here), node.path("description").asText(null),
                    generic(id, node.path("children"), here + ".children")));
        }
        return List.copyOf(nodes);
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException((where.isEmpty() ? "" : where + ".") + field + ": a non-blank name is required");
        }
        return value.asText().strip();
    }
}
