package io.somining.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the changes between two versions of a contract that would break someone who relies on the older one,
 * as docs/events.md and docs/api.md promise: a removed or retyped field (a changed format too: it decides the
 * generated type), a field that may now be absent or null, a new required field, a tightened bound or pattern on
 * what clients send, a removed operation, parameter or media type, a renamed operation (generated clients call it
 * by its id), parameters in another order or another media type first (generated methods follow both), another
 * server. Additions are not breaking.
 *
 * <p>Written here rather than taken from a library: openapi-diff reads OpenAPI 3.0 only (its parser drops
 * 3.1's type arrays), and no maintained Java library compares JSON Schemas for compatibility.
 */
final class Compatibility {

    /** Which side of a schema is relied upon: a reader of values (events, responses) or a writer (requests). */
    enum Side { READ, WRITE }

    private final JsonNode oldRoot;
    private final JsonNode newRoot;
    private final List<String> breaks = new ArrayList<>();

    private Compatibility(JsonNode oldRoot, JsonNode newRoot) {
        this.oldRoot = oldRoot;
        this.newRoot = newRoot;
    }

    /** An event type's schema: every value written under the newer one must read as the older one promised. */
    static List<String> events(String type, JsonNode older, JsonNode newer) {
        Compatibility check = new Compatibility(older, newer);
        check.schema(type, older, newer, Side.READ, new HashSet<>());
        return check.breaks;
    }

    /** An OpenAPI document: every call a client generated from the older one makes still works the same way. */
    static List<String> openApi(String name, JsonNode older, JsonNode newer) {
        Compatibility check = new Compatibility(older, newer);
        if (!older.at("/servers/0/url").equals(newer.at("/servers/0/url"))) {
            // a generated client's default base path
            check.breaks.add(name + ": server " + older.at("/servers/0/url") + " became " + newer.at("/servers/0/url"));
        }
        older.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (!List.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                return;
            }
            String where = name + " " + method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            JsonNode newOperation = newer.path("paths").path(path.getKey()).path(method.getKey());
            if (newOperation.isMissingNode()) {
                check.breaks.add(where + ": the operation was removed");
                return;
            }
            check.operation(where, method.getValue(), newOperation);
        }));
        return check.breaks;
    }

    private void operation(String where, JsonNode older, JsonNode newer) {
        if (!older.path("operationId").equals(newer.path("operationId"))) {
            breaks.add(where + ": operationId " + older.path("operationId") + " became " + newer.path("operationId"));
        }
        Set<String> oldParameters = new TreeSet<>();
        for (JsonNode parameter : older.path("parameters")) {
            String id = parameter.path("in").asText() + " " + parameter.path("name").asText();
            oldParameters.add(id);
            JsonNode match = parameter(newer, parameter.path("in").asText(), parameter.path("name").asText());
            if (match == null) {
                breaks.add(where + ": parameter " + id + " was removed");
                continue;
            }
            if (!parameter.path("required").asBoolean() && match.path("required").asBoolean()) {
                breaks.add(where + ": parameter " + id + " became required");
            }
            schema(where + " parameter " + id, parameter.path("schema"), match.path("schema"), Side.WRITE, new HashSet<>());
        }
        List<String> newOrder = new ArrayList<>();
        for (JsonNode parameter : newer.path("parameters")) {
            String id = parameter.path("in").asText() + " " + parameter.path("name").asText();
            if (!oldParameters.contains(id) && parameter.path("required").asBoolean()) {
                breaks.add(where + ": new required parameter " + id);
            }
            if (oldParameters.contains(id)) {
                newOrder.add(id);
            }
        }
        List<String> oldOrder = new ArrayList<>();
        older.path("parameters").forEach(p -> oldOrder.add(p.path("in").asText() + " " + p.path("name").asText()));
        oldOrder.retainAll(newOrder);
        if (!oldOrder.equals(newOrder)) {
            // generated methods take parameters in the document's order: a positional caller would pass them wrongly
            breaks.add(where + ": parameters " + oldOrder + " are now in the order " + newOrder);
        }
        JsonNode oldBody = older.path("requestBody");
        JsonNode newBody = newer.path("requestBody");
        if (!oldBody.path("required").asBoolean() && newBody.path("required").asBoolean()) {
            breaks.add(where + ": a request body is now required");
        }
        oldBody.path("content").fields().forEachRemaining(media -> {
            JsonNode match = newBody.path("content").path(media.getKey());
            if (match.isMissingNode()) {
                breaks.add(where + ": the request body no longer accepts " + media.getKey());
            } else {
                schema(where + " request " + media.getKey(), media.getValue().path("schema"), match.path("schema"),
                        Side.WRITE, new HashSet<>());
            }
        });
        older.path("responses").fields().forEachRemaining(response -> {
            if (!response.getKey().startsWith("2")) {
                return;
            }
            JsonNode match = newer.path("responses").path(response.getKey());
            if (match.isMissingNode()) {
                breaks.add(where + ": response " + response.getKey() + " was removed");
                return;
            }
            String oldFirst = response.getValue().path("content").fieldNames().hasNext()
                    ? response.getValue().path("content").fieldNames().next() : "";
            String newFirst = match.path("content").fieldNames().hasNext() ? match.path("content").fieldNames().next() : "";
            if (!oldFirst.isEmpty() && !oldFirst.equals(newFirst)) {
                // generators type the result after the first media type
                breaks.add(where + ": response " + response.getKey() + " lists " + newFirst + " first, not " + oldFirst);
            }
            response.getValue().path("content").fields().forEachRemaining(media -> {
                JsonNode newMedia = match.path("content").path(media.getKey());
                if (newMedia.isMissingNode()) {
                    breaks.add(where + ": response " + response.getKey() + " no longer offers " + media.getKey());
                } else {
                    schema(where + " response " + response.getKey(), media.getValue().path("schema"),
                            newMedia.path("schema"), Side.READ, new HashSet<>());
                }
            });
        });
    }

    private static JsonNode parameter(JsonNode operation, String in, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals(in) && parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        return null;
    }

    /**
     * Compares two schemas. A reader breaks when a property it knew disappears, changes type, or may now be
     * absent or null; a writer breaks when a property it did not send becomes required, or a value it sent is
     * no longer accepted (a type or enum narrowed, a property removed).
     */
    private void schema(String where, JsonNode olderOrRef, JsonNode newerOrRef, Side side, Set<String> seen) {
        // a recursive schema (a taxonomy's tree) is compared once per pair of definitions
        if (olderOrRef.has("$ref") && !seen.add(olderOrRef.path("$ref").asText() + " " + newerOrRef.path("$ref").asText()
                + " " + side)) {
            return;
        }
        JsonNode older = resolve(oldRoot, olderOrRef);
        JsonNode newer = resolve(newRoot, newerOrRef);
        if (older.isMissingNode()) {
            return;
        }
        if (newer.isMissingNode()) {
            breaks.add(where + ": the schema was removed");
            return;
        }
        Set<String> oldTypes = types(older);
        Set<String> newTypes = types(newer);
        // a reader must know every type it may now be given; a writer must still be accepted with each it sent
        Set<String> given = side == Side.READ ? newTypes : oldTypes;
        Set<String> known = side == Side.READ ? oldTypes : newTypes;
        if (!given.isEmpty() && !known.isEmpty()) {
            Set<String> unknown = new TreeSet<>(given);
            unknown.removeAll(known);
            if (known.contains("number")) {
                unknown.remove("integer");
            }
            if (!unknown.isEmpty()) {
                breaks.add(where + ": type " + oldTypes + " became " + newTypes);
            }
        }
        if (!older.path("format").equals(newer.path("format"))) {
            // a format decides the generated type (String, OffsetDateTime, UUID, long)
            breaks.add(where + ": format " + older.path("format") + " became " + newer.path("format"));
        }
        if (side == Side.WRITE) {
            narrowed(where, older, newer);
        }
        if (older.has("const") && !older.path("const").equals(newer.path("const"))) {
            breaks.add(where + ": constant " + older.path("const") + " became " + newer.path("const"));
        }
        Set<String> oldValues = values(older.path("enum"));
        Set<String> newValues = values(newer.path("enum"));
        if (side == Side.READ && older.has("enum")) {
            Set<String> added = new TreeSet<>(newer.has("enum") ? newValues : Set.of("any value"));
            added.removeAll(oldValues);
            if (!added.isEmpty()) {
                breaks.add(where + ": values a reader does not know " + added);
            }
        }
        if (side == Side.WRITE && newer.has("enum")) {
            Set<String> refused = new TreeSet<>(older.has("enum") ? oldValues : Set.of("any value"));
            refused.removeAll(newValues);
            if (!refused.isEmpty()) {
                breaks.add(where + ": values no longer accepted " + refused);
            }
        }
        Set<String> oldRequired = values(older.path("required"));
        Set<String> newRequired = values(newer.path("required"));
        older.path("properties").fields().forEachRemaining(property -> {
            String at = where + "." + property.getKey();
            JsonNode match = newer.path("properties").path(property.getKey());
            if (match.isMissingNode()) {
                breaks.add(at + ": the field was removed");
                return;
            }
            if (side == Side.READ && oldRequired.contains(property.getKey()) && !newRequired.contains(property.getKey())) {
                breaks.add(at + ": the field may now be absent");
            }
            if (side == Side.WRITE && !oldRequired.contains(property.getKey()) && newRequired.contains(property.getKey())) {
                breaks.add(at + ": the field became required");
            }
            schema(at, property.getValue(), match, side, seen);
        });
        newRequired.stream().filter(name -> !older.path("properties").has(name)).forEach(name ->
                // an event log keeps the older values, which lack the field; an older client does not send it
                breaks.add(where + "." + name + ": new required field"));
        if (older.has("items")) {
            schema(where + "[]", older.path("items"), newer.path("items"), side, seen);
        }
        if (older.path("additionalProperties").isObject()) {
            schema(where + "{}", older.path("additionalProperties"), newer.path("additionalProperties"), side, seen);
        }
    }

    /** A value a client could send before that the newer schema refuses: a bound tightened or added, a pattern changed. */
    private void narrowed(String where, JsonNode older, JsonNode newer) {
        for (String upper : List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems")) {
            if (newer.path(upper).isNumber() && (!older.path(upper).isNumber()
                    || newer.path(upper).decimalValue().compareTo(older.path(upper).decimalValue()) < 0)) {
                breaks.add(where + ": " + upper + " " + older.path(upper) + " became " + newer.path(upper));
            }
        }
        for (String lower : List.of("minimum", "exclusiveMinimum", "minLength", "minItems")) {
            if (newer.path(lower).isNumber() && (!older.path(lower).isNumber()
                    || newer.path(lower).decimalValue().compareTo(older.path(lower).decimalValue()) > 0)) {
                breaks.add(where + ": " + lower + " " + older.path(lower) + " became " + newer.path(lower));
            }
        }
        if (newer.has("pattern") && !newer.path("pattern").equals(older.path("pattern"))) {
            breaks.add(where + ": pattern " + older.path("pattern") + " became " + newer.path("pattern"));
        }
    }

    /** The schema a reference points to; allOf merged into one schema (the documents use it for a default). */
    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; hops < 32 && current.has("$ref"); hops++) {
            String ref = current.path("$ref").asText();
            current = ref.startsWith("#/") ? root.at(ref.substring(1)) : com.fasterxml.jackson.databind.node.MissingNode
                    .getInstance();
        }
        if (current.has("allOf")) {
            com.fasterxml.jackson.databind.node.ObjectNode merged = ((com.fasterxml.jackson.databind.node.ObjectNode) current)
                    .deepCopy();
            merged.remove("allOf");
            for (JsonNode part : current.path("allOf")) {
                JsonNode resolved = resolve(root, part);
                resolved.fields().forEachRemaining(field -> {
                    if (field.getValue().isObject() && merged.path(field.getKey()).isObject()) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) merged.get(field.getKey())).setAll(
                                (com.fasterxml.jackson.databind.node.ObjectNode) field.getValue());
                    } else if (field.getValue().isArray() && merged.path(field.getKey()).isArray()) {
                        ((com.fasterxml.jackson.databind.node.ArrayNode) merged.get(field.getKey())).addAll(
                                (com.fasterxml.jackson.databind.node.ArrayNode) field.getValue());
                    } else {
                        merged.set(field.getKey(), field.getValue());
                    }
                });
            }
            return merged;
        }
        return current;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        return types;
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
