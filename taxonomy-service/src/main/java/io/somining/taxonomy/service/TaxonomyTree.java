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
        int version = version(document.get("version"));
        List<Node> nodes;
        if (document.has("platforms")) {
            nodes = new ArrayList<>();
            int p = 0;
            for (JsonNode platform : list(document, "platforms", "")) {
                String where = "platforms[" + p++ + "]";
                List<Node> inner = new ArrayList<>();
                int i = 0;
                for (JsonNode category : list(platform, "inner", where)) {
                    String innerWhere = where + ".inner[" + i++ + "]";
                    List<Node> leaves = new ArrayList<>();
                    int l = 0;
                    for (JsonNode leaf : optionalList(category, "leaves", innerWhere)) {
                        if (!leaf.isTextual()) {
                            throw new IllegalArgumentException("taxonomy " + id + ": " + innerWhere + ".leaves[" + l
                                    + "] must be a non-blank name");
                        }
                        leaves.add(new Node(name(leaf.asText(), innerWhere + ".leaves[" + l + "]"), null, List.of()));
                        l++;
                    }
                    inner.add(new Node(required(category, "name", innerWhere), null, distinct(leaves, innerWhere + ".leaves")));
                }
                nodes.add(new Node(required(platform, "name", where), platform.path("key").asText(null),
                        distinct(inner, where + ".inner")));
            }
            nodes = distinct(nodes, "platforms");
        } else if (document.has("nodes")) {
            list(document, "nodes", "");
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
            if (!node.isObject()) {
                throw new IllegalArgumentException(here + ": a node (an object with a name) is required");
            }
            optionalList(node, "children", here);
            nodes.add(new Node(required(node, "name", here), node.path("description").asText(null),
                    generic(id, node.path("children"), here + ".children")));
        }
        return distinct(nodes, where);
    }

    /**
     * A whole number of 1 or more, written as a number or as its digits ("1", as the paper's data file has it). A
     * stored version is never changed: one read wrongly (1.7 as 1, "one" as 1, none as 1) would be stored for good.
     */
    private static int version(JsonNode field) {
        boolean whole = field != null && (field.isNumber() && field.asDouble() == Math.rint(field.asDouble())
                && field.asDouble() <= Integer.MAX_VALUE || field.isTextual() && field.asText().matches("[0-9]{1,9}"));
        if (!whole || field.asInt() < 1) {
            throw new IllegalArgumentException("version: " + (field == null ? "required, as" : field + " is not")
                    + " a whole number of 1 or more");
        }
        return field.asInt();
    }

    /** A field that must hold a non-empty list. */
    private static JsonNode list(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new IllegalArgumentException((where.isEmpty() ? "" : where + ".") + field + ": a non-empty list is required");
        }
        return value;
    }

    /** A field that may be absent, and is a list when given. */
    private static JsonNode optionalList(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull() && !value.isArray()) {
            throw new IllegalArgumentException(where + "." + field + ": a list is required");
        }
        return value == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : value;
    }

    /** Siblings with one name could not be told apart by the people who label: refused, naming both. */
    private static List<Node> distinct(List<Node> siblings, String where) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < siblings.size(); i++) {
            Integer first = seen.putIfAbsent(siblings.get(i).name().toLowerCase(java.util.Locale.ROOT), i);
            if (first != null) {
                throw new IllegalArgumentException(where + "[" + i + "]: '" + siblings.get(i).name()
                        + "' repeats the name of " + where + "[" + first + "]");
            }
        }
        return List.copyOf(siblings);
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        String at = (where.isEmpty() ? "" : where + ".") + field;
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(at + ": a non-blank name is required");
        }
        return name(value.asText(), at);
    }

    /**
     * A node's name, stripped: not blank, and without control characters (a line break or a tab in a name
     * breaks every table and file it is written to).
     */
    /** Longer than any category a paper prints; a label column, a chart legend and a CSV cell must hold it. */
    static final int MAX_NAME = 200;

    public static String name(String value, String where) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + ": a non-blank name is required");
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_NAME) {
            throw new IllegalArgumentException(where + ": a name of at most " + MAX_NAME + " characters, was " + stripped.length());
        }
        for (int i = 0; i < stripped.length(); i++) {
            int type = Character.getType(stripped.charAt(i));
            if (Character.isISOControl(stripped.charAt(i)) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                throw new IllegalArgumentException(where + ": a name may not hold control characters (line breaks, tabs), "
                        + "found U+" + String.format("%04X", (int) stripped.charAt(i)) + " at " + (i + 1));
            }
        }
        return stripped;
    }
}
