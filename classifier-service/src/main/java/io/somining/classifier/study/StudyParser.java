package io.somining.classifier.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates a study definition, JSON or YAML; every error names the place in the document. */
public final class StudyParser {

    // a definition is read as written, as request bodies are (platform's StrictJson): no 1.5 read as 1, no 1 as "1"
    private static final ObjectMapper MAPPER = io.somining.platform.rest.StrictJson.strict(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build());

    // YAML writes numbers and words alike without quotes (a word list may hold 2048): only fractions are refused
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private StudyParser() {
    }

    /** A published (so valid) document read into another shape, such as its JSON view. */
    public static <T> T tree(String document, Class<T> type) {
        ObjectMapper mapper = document.stripLeading().startsWith("{") ? MAPPER : YAML;
        try {
            return mapper.readerFor(type).without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(document);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a published study definition no longer reads: " + e.getMessage(), e);
        }
    }

    /** A document starting with '{' is read as JSON, any other as YAML (of which JSON is a subset, but with worse messages). */
    public static StudyDefinition parse(String document) {
        if (document == null || document.isBlank()) {
            throw new InvalidStudyException("the document is empty");
        }
        StudyDefinition study;
        try {
            ObjectMapper mapper = document.stripLeading().startsWith("{") ? MAPPER : YAML;
            study = mapper.readValue(document, StudyDefinition.class);
            if (study == null) {
                throw new InvalidStudyException("the document is no study definition (an object with id, version and sets)");
            }
        } catch (JsonMappingException e) {
            // the token the error is about (YAML's parser has already moved on to the next line)
            var location = e.getLocation();
            String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ", ";
            if (location != null && e instanceof UnrecognizedPropertyException unknown) {
                // rules are read through a token buffer, which reports where the enclosing object ended: name the field's own line
                int line = lineOf(document, unknown.getPropertyName(), location.getLineNr());
                where = line > 0 ? "line " + line + ", " : where;
            }
            // the reader's own message names Java types: say what is wrong in the definition's terms
            throw new InvalidStudyException(where + "at " + pathOf(e) + ": "
                    + io.somining.platform.problem.JsonBodyExceptionMapper.what(e));
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new InvalidStudyException("line " + location.getLineNr() + ", column " + location.getColumnNr()
                    + ": " + io.somining.platform.problem.JsonBodyExceptionMapper.what(e));
        }
        try {
            validate(study);
        } catch (InvalidStudyException e) {
            throw new InvalidStudyException(withLines(document, e.errors()));
        }
        return study;
    }

    /** Prefixes each "path: message" with the line where that path (or its nearest enclosing one) is written. */
    private static List<String> withLines(String document, List<String> errors) {
        Map<String, Integer> lines = new HashMap<>();
        ObjectMapper mapper = document.stripLeading().startsWith("{") ? MAPPER : YAML;
        try (com.fasterxml.jackson.core.JsonParser parser = mapper.getFactory().createParser(document)) {
            while (parser.nextToken() != null) {
                lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
            }
        } catch (java.io.IOException e) {
            return errors;
        }
        List<String> located = new ArrayList<>();
        for (String error : errors) {
            int colon = error.indexOf(": ");
            String pointer = colon < 0 ? "" : "/" + error.substring(0, colon).replace("[", "/").replace("]", "").replace('.', '/');
            Integer line = null;
            while (line == null && !pointer.isEmpty()) {
                line = lines.get(pointer);
                pointer = pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
            }
            located.add(line == null ? error : "line " + line + ", " + error);
        }
        return located;
    }

    /** The last line at or before {@code before} where {@code field} is written as a key, 0 if none. */
    private static int lineOf(String document, String field, int before) {
        String[] lines = document.split("\n", -1);
        var key = java.util.regex.Pattern.compile("^[\\s{,-]*\"?" + java.util.regex.Pattern.quote(field) + "\"?\\s*:");
        for (int i = Math.min(before, lines.length) - 1; i >= 0; i--) {
            if (key.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** A rule's kind by the record that holds it ({"tag": {...}} is a Rules.Tag): the reader's path leaves the key out. */
    private static final Map<Class<?>, String> KINDS = java.util.Arrays.stream(
                    Rule.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value())
            .collect(java.util.stream.Collectors.toMap(com.fasterxml.jackson.annotation.JsonSubTypes.Type::value,
                    com.fasterxml.jackson.annotation.JsonSubTypes.Type::name));

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                Object from = ref.getFrom();
                String kind = KINDS.get(from instanceof Class<?> type ? type : from == null ? null : from.getClass());
                path.append(path.isEmpty() ? "" : ".").append(kind == null ? "" : kind + ".").append(ref.getFieldName());
            }
        }
        return path.isEmpty() ? "the document" : path.toString();
    }

    static void validate(StudyDefinition study) {
        List<String> errors = new ArrayList<>();
        if (study.id() == null || !study.id().matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            errors.add("id: must be 1-64 lower-case letters, digits, '-' or '_'");
        }
        if (study.version() < 1) {
            errors.add("version: must be 1 or more");
        }
        if (study.sets() == null || study.sets().isEmpty()) {
            errors.add("sets: at least one set is needed");
        } else {
            Map<String, Integer> indexById = new LinkedHashMap<>();
            for (int i = 0; i < study.sets().size(); i++) {
                var set = study.sets().get(i);
                String where = "sets[" + i + "]";
                if (set.id() == null || !set.id().matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                    errors.add(where + ".id: must be 1-64 letters, digits, '-' or '_'");
                } else if (indexById.putIfAbsent(set.id(), i) != null) {
                    errors.add(where + ".id: '" + set.id() + "' is defined twice");
                }
                if (set.rule() == null) {
                    errors.add(where + ".rule: missing");
                }
            }
            Map<String, Set<String>> references = new HashMap<>();
            for (int i = 0; i < study.sets().size(); i++) {
                var set = study.sets().get(i);
                if (set.rule() != null) {
                    Set<String> refs = new HashSet<>();
                    checkRule(set.rule(), "sets[" + i + "].rule", indexById.keySet(), refs, errors);
                    references.put(set.id(), refs);
                }
            }
            findCycle(references).ifPresent(cycle -> errors.add("sets: cycle of set references " + cycle));
        }
        if (!errors.isEmpty()) {
            throw new InvalidStudyException(errors);
        }
    }

    private static void checkRule(Rule rule, String where, Set<String> setIds, Set<String> refs, List<String> errors) {
        if (rule instanceof Rules.All all) {
            checkChildren(all.rules(), where + ".all", setIds, refs, errors);
        } else if (rule instanceof Rules.Any any) {
            checkChildren(any.rules(), where + ".any", setIds, refs, errors);
        } else if (rule instanceof Rules.Not not) {
            if (not.rule() == null) {
                errors.add(where + ".not: a rule is needed");
            } else {
                checkRule(not.rule(), where + ".not", setIds, refs, errors);
            }
        } else if (rule instanceof Rules.Tag tag) {
            int given = (tag.equals() == null ? 0 : 1) + (tag.contains() == null ? 0 : 1)
                    + (tag.startsWith() == null ? 0 : 1);
            if (given != 1) {
                errors.add(where + ".tag: give exactly one of equals, contains, startsWith");
            } else {
                checkWords(tag.values(), where + ".tag." + (tag.equals() != null ? "equals"
                        : tag.contains() != null ? "contains" : "startsWith"), errors);
            }
        } else if (rule instanceof Rules.Text text) {
            checkWords(text.words(), where + ".text.words", errors);
            if (text.fields() != null) {
                for (int i = 0; i < text.fields().size(); i++) {
                    if (text.fields().get(i) == null) {
                        errors.add(where + ".text.fields[" + i + "]: null (title or body)");
                    }
                }
            }
        } else if (rule instanceof Rules.SetRef ref) {
            if (!setIds.contains(ref.set())) {
                errors.add(where + ".set: unknown set '" + ref.set() + "'");
            }
            refs.add(ref.set());
        } else if (rule instanceof Rules.Ids ids) {
            if (ids.ids() == null || ids.ids().isEmpty()) {
                errors.add(where + ".ids: a list of question ids is needed");
            } else {
                for (int i = 0; i < ids.ids().size(); i++) {
                    if (ids.ids().get(i) == null || ids.ids().get(i) < 1) {
                        errors.add(where + ".ids[" + i + "]: " + ids.ids().get(i) + " is no question id (a whole number from 1)");
                    }
                }
            }
        } else if (rule instanceof Rules.Site site) {
            if (site.sites() == null || site.sites().isEmpty()) {
                errors.add(where + ".site: a list of sites is needed");
                return;
            }
            for (int i = 0; i < site.sites().size(); i++) {
                if (site.sites().get(i) == null || !site.sites().get(i).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
                    errors.add(where + ".site[" + i + "]: '" + site.sites().get(i)
                            + "' is not a site's host name as the dumps name it (lower case, e.g. stackoverflow.com)");
                }
            }
        }
    }

    private static void checkChildren(List<Rule> rules, String where, Set<String> setIds, Set<String> refs,
            List<String> errors) {
        if (rules == null) {
            errors.add(where + ": a list of rules is needed");
            return;
        }
        if (rules.isEmpty()) {
            errors.add(where + ": empty list");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                errors.add(where + "[" + i + "]: null rule");
            } else {
                checkRule(rules.get(i), where + "[" + i + "]", setIds, refs, errors);
            }
        }
    }

    private static void checkWords(List<String> words, String where, List<String> errors) {
        if (words == null || words.isEmpty()) {
            errors.add(where + ": empty word list");
            return;
        }
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i) == null || words.get(i).isBlank()) {
                errors.add(where + "[" + i + "]: blank");
            }
        }
    }

    private static java.util.Optional<String> findCycle(Map<String, Set<String>> references) {
        Map<String, Integer> state = new HashMap<>();
        for (String start : references.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, references, state, path)) {
                return java.util.Optional.of(String.join(" -> ", path));
            }
        }
        return java.util.Optional.empty();
    }

    /** Depth-first search; state 1 = on the current path, 2 = done. */
    private static boolean visit(String set, Map<String, Set<String>> references, Map<String, Integer> state,
            List<String> path) {
        Integer seen = state.get(set);
        if (seen != null && seen == 2) {
            return false;
        }
        path.add(set);
        if (seen != null) {
            return true;
        }
        state.put(set, 1);
        for (String next : references.getOrDefault(set, Set.of())) {
            if (visit(next, references, state, path)) {
                return true;
            }
        }
        state.put(set, 2);
        path.remove(path.size() - 1);
        return false;
    }
}
