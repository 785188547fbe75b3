package io.somining.classifier.study;

import io.somining.contracts.QuestionClassified.PredicateMatch;
import io.somining.contracts.QuestionClassified.SetMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A study definition made ready to run: word patterns compiled once, sets ordered so that a set
 * is evaluated after the sets it refers to. Thread-safe.
 */
public final class CompiledStudy {

    private static final int SNIPPET_RADIUS = 40;

    private final StudyDefinition definition;
    private final List<StudyDefinition.SetDefinition> order;
    private final Map<Rules.Text, List<WordMatcher>> patterns = new HashMap<>();
    /** Each id list as a set, so that a published set of thousands of ids costs one lookup per question. */
    private final Map<Rules.Ids, Set<Long>> idSets = new java.util.IdentityHashMap<>();

    /** The sets a question belongs to (sorted) and why. */
    public record Result(List<String> sets, List<SetMatch> matches) {
    }

    public CompiledStudy(StudyDefinition definition) {
        StudyParser.validate(definition);
        this.definition = definition;
        this.order = topologicalOrder(definition);
        for (var set : definition.sets()) {
            compile(set.rule());
        }
    }

    public StudyDefinition definition() {
        return definition;
    }

    /** Counts per set in the order the study defines its sets, every set named: 0 for one that none reached. */
    public java.util.Map<String, Long> perDefinedSet(java.util.Map<String, Long> counted) {
        java.util.Map<String, Long> perSet = new java.util.LinkedHashMap<>();
        definition.sets().forEach(set -> perSet.put(set.id(), counted.getOrDefault(set.id(), 0L)));
        return perSet;
    }

    public Result classify(QuestionText question) {
        Map<String, List<PredicateMatch>> members = new LinkedHashMap<>();
        for (var set : order) {
            List<PredicateMatch> why = new ArrayList<>();
            if (holds(set.rule(), question, members, why)) {
                members.put(set.id(), why);
            }
        }
        List<String> sets = new ArrayList<>(new TreeSet<>(members.keySet()));
        List<SetMatch> matches = sets.stream().map(id -> new SetMatch(id, List.copyOf(members.get(id)))).toList();
        return new Result(List.copyOf(sets), matches);
    }

    /** Every predicate of a set's rule, whether it held, and what it matched: the dry run's answer. */
    public record Explanation(String rule, boolean holds, String field, String snippet, List<Explanation> parts) {
    }

    /** Explains every set's rule on a question, predicates that failed included. */
    public Map<String, Explanation> explain(QuestionText question) {
        Map<String, List<PredicateMatch>> members = new LinkedHashMap<>();
        classify(question).matches().forEach(m -> members.put(m.set(), m.predicates()));
        Map<String, Explanation> explanations = new LinkedHashMap<>();
        for (var set : definition.sets()) {
            explanations.put(set.id(), explain(set.rule(), question, members));
        }
        return explanations;
    }

    private Explanation explain(Rule rule, QuestionText q, Map<String, List<PredicateMatch>> members) {
        if (rule instanceof Rules.All all) {
            List<Explanation> parts = all.rules().stream().map(r -> explain(r, q, members)).toList();
            return new Explanation("all", parts.stream().allMatch(Explanation::holds), null, null, parts);
        }
        if (rule instanceof Rules.Any any) {
            List<Explanation> parts = any.rules().stream().map(r -> explain(r, q, members)).toList();
            return new Explanation("any", parts.stream().anyMatch(Explanation::holds), null, null, parts);
        }
        if (rule instanceof Rules.Not not) {
            Explanation inner = explain(not.rule(), q, members);
            return new Explanation("not", !inner.holds(), null, null, List.of(inner));
        }
        List<PredicateMatch> why = new ArrayList<>();
        boolean holds = holds(rule, q, members, why);
        String field = why.isEmpty() ? null : why.get(0).field();
        String snippet = why.isEmpty() ? null : why.get(0).snippet();
        return new Explanation(describe(rule), holds, field, snippet, List.of());
    }

    private static String describe(Rule rule) {
        if (rule instanceof Rules.Tag tag) {
            String kind = tag.equals() != null ? "equals" : tag.contains() != null ? "contains" : "startsWith";
            return "tag " + kind + " " + tag.values();
        }
        if (rule instanceof Rules.Text text) {
            return "text " + text.matchOrDefault() + " " + text.words() + " in " + text.fieldsOrDefault()
                    + (Boolean.TRUE.equals(text.includeCode()) ? ", code included" : ", code excluded");
        }
        if (rule instanceof Rules.SetRef ref) {
            return "set " + ref.set();
        }
        if (rule instanceof Rules.Ids ids) {
            return "ids (" + ids.ids().size() + ")";
        }
        if (rule instanceof Rules.Site site) {
            return "site " + site.sites();
        }
        return "always";
    }

    private boolean holds(Rule rule, QuestionText q, Map<String, List<PredicateMatch>> members,
            List<PredicateMatch> why) {
        if (rule instanceof Rules.All all) {
            List<PredicateMatch> collected = new ArrayList<>();
            for (Rule child : all.rules()) {
                if (!holds(child, q, members, collected)) {
                    return false;
                }
            }
            why.addAll(collected);
            return true;
        }
        if (rule instanceof Rules.Any any) {
            boolean found = false;
            // every alternative that holds is reported, so an explanation is complete
            for (Rule child : any.rules()) {
                found |= holds(child, q, members, why);
            }
            return found;
        }
        if (rule instanceof Rules.Not not) {
            return !holds(not.rule(), q, members, new ArrayList<>());
        }
        if (rule instanceof Rules.SetRef ref) {
            if (members.containsKey(ref.set())) {
                why.add(new PredicateMatch("set " + ref.set(), "set", ref.set()));
                return true;
            }
            return false;
        }
        if (rule instanceof Rules.Ids ids) {
            if (idSets.get(ids).contains(q.postId())) {
                why.add(new PredicateMatch("ids", "id", Long.toString(q.postId())));
                return true;
            }
            return false;
        }
        if (rule instanceof Rules.Site site) {
            if (site.sites().contains(q.site())) {
                why.add(new PredicateMatch("site " + site.sites(), "site", q.site()));
                return true;
            }
            return false;
        }
        if (rule instanceof Rules.Always) {
            return true;
        }
        if (rule instanceof Rules.Tag tag) {
            return tagHolds(tag, q, why);
        }
        return textHolds((Rules.Text) rule, q, why);
    }

    private static boolean tagHolds(Rules.Tag tag, QuestionText q, List<PredicateMatch> why) {
        String kind = tag.equals() != null ? "equals" : tag.contains() != null ? "contains" : "startsWith";
        for (int i = 0; i < q.lowerTags().size(); i++) {
            String candidate = q.lowerTags().get(i);
            for (String value : tag.values()) {
                String wanted = value.toLowerCase(Locale.ROOT);
                boolean match = switch (kind) {
                    case "equals" -> candidate.equals(wanted);
                    case "contains" -> candidate.contains(wanted);
                    default -> candidate.startsWith(wanted);
                };
                if (match) {
                    why.add(new PredicateMatch("tag " + kind + " " + value, "tags", q.tags().get(i)));
                    return true;
                }
            }
        }
        return false;
    }

    private boolean textHolds(Rules.Text text, QuestionText q, List<PredicateMatch> why) {
        boolean includeCode = Boolean.TRUE.equals(text.includeCode());
        for (Rules.Field field : text.fieldsOrDefault()) {
            boolean title = field == Rules.Field.title;
            String value = title ? q.title() : q.body(includeCode);
            List<WordMatcher> compiled = patterns.get(text);
            for (int i = 0; i < compiled.size(); i++) {
                WordMatcher matcher = compiled.get(i);
                int at = matcher.find(matcher.caseSensitive() ? value : q.lower(title, includeCode));
                if (at >= 0) {
                    why.add(new PredicateMatch("text " + text.matchOrDefault() + " '" + text.words().get(i) + "'",
                            field.name(), snippet(value, at, at + matcher.word().length())));
                    return true;
                }
            }
        }
        return false;
    }

    private void compile(Rule rule) {
        if (rule instanceof Rules.All all) {
            all.rules().forEach(this::compile);
        } else if (rule instanceof Rules.Any any) {
            any.rules().forEach(this::compile);
        } else if (rule instanceof Rules.Not not) {
            compile(not.rule());
        } else if (rule instanceof Rules.Text text) {
            patterns.computeIfAbsent(text, t -> t.words().stream().map(w -> WordMatcher.of(t, w)).toList());
        } else if (rule instanceof Rules.Ids ids) {
            idSets.put(ids, Set.copyOf(ids.ids()));
        }
    }

    /**
     * Finds a word as plain text (String.indexOf, then the boundaries the match kind asks for): words
     * are never regular expressions, so no definition can backtrack catastrophically, and matching is
     * fast. Case-insensitive words are searched, lower-cased, in lower-cased text of the same length.
     */
    record WordMatcher(String word, Rules.Match kind, boolean caseSensitive) {

        static WordMatcher of(Rules.Text text, String word) {
            boolean caseSensitive = Boolean.TRUE.equals(text.caseSensitive());
            String stripped = word.strip();
            return new WordMatcher(caseSensitive ? stripped : QuestionText.lowerChars(stripped), text.matchOrDefault(),
                    caseSensitive);
        }

        int find(String text) {
            for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
                boolean startsWord = at == 0 || !isWordChar(text.charAt(at - 1));
                int end = at + word.length();
                boolean endsWord = end == text.length() || !isWordChar(text.charAt(end));
                boolean holds = switch (kind) {
                    case word -> startsWord && endsWord;
                    case prefix -> startsWord;
                    case substring -> true;
                };
                if (holds) {
                    return at;
                }
            }
            return -1;
        }

        /** Letters, digits, other numbers and '_': what a word is made of. */
        private static boolean isWordChar(char c) {
            return c == '_' || Character.isLetterOrDigit(c) || Character.getType(c) == Character.LETTER_NUMBER
                    || Character.getType(c) == Character.OTHER_NUMBER;
        }
    }

    private static String snippet(String text, int start, int end) {
        int from = Math.max(0, start - SNIPPET_RADIUS);
        int to = Math.min(text.length(), end + SNIPPET_RADIUS);
        return (from > 0 ? "…" : "") + text.substring(from, to).replaceAll("\\s+", " ").strip()
                + (to < text.length() ? "…" : "");
    }

    private static List<StudyDefinition.SetDefinition> topologicalOrder(StudyDefinition definition) {
        Map<String, StudyDefinition.SetDefinition> byId = new LinkedHashMap<>();
        definition.sets().forEach(s -> byId.put(s.id(), s));
        List<StudyDefinition.SetDefinition> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (var set : definition.sets()) {
            place(set, byId, done, ordered);
        }
        return List.copyOf(ordered);
    }

    private static void place(StudyDefinition.SetDefinition set, Map<String, StudyDefinition.SetDefinition> byId,
            Set<String> done, List<StudyDefinition.SetDefinition> ordered) {
        if (!done.add(set.id())) {
            return;
        }
        Set<String> refs = new HashSet<>();
        collectRefs(set.rule(), refs);
        for (String ref : refs) {
            place(byId.get(ref), byId, done, ordered);
        }
        ordered.add(set);
    }

    private static void collectRefs(Rule rule, Set<String> refs) {
        if (rule instanceof Rules.All all) {
            all.rules().forEach(r -> collectRefs(r, refs));
        } else if (rule instanceof Rules.Any any) {
            any.rules().forEach(r -> collectRefs(r, refs));
        } else if (rule instanceof Rules.Not not) {
            collectRefs(not.rule(), refs);
        } else if (rule instanceof Rules.SetRef ref) {
            refs.add(ref.set());
        }
    }
}
