package io.somining.classifier.study;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** The kinds of {@link Rule}. */
public final class Rules {

    private Rules() {
    }

    /** Unmodifiable, nulls kept: the study's validation names where they are, a constructor could only fail. */
    private static <T> List<T> copy(List<T> values) {
        return values == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    /** Every rule holds. */
    public record All(List<Rule> rules) implements Rule {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public All {
            rules = copy(rules);
        }

        @JsonValue
        public List<Rule> value() {
            return rules;
        }
    }

    /** At least one rule holds. */
    public record Any(List<Rule> rules) implements Rule {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Any {
            rules = copy(rules);
        }

        @JsonValue
        public List<Rule> value() {
            return rules;
        }
    }

    /** The rule does not hold. */
    public record Not(Rule rule) implements Rule {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Not {
        }

        @JsonValue
        public Rule value() {
            return rule;
        }
    }

    /**
     * A tag of the question equals, contains or starts with one of the values (case-insensitive;
     * exactly one of the three is given).
     */
    public record Tag(List<String> equals, List<String> contains, List<String> startsWith) implements Rule {

        /** The values of whichever of the three is given. */
        public List<String> values() {
            return equals != null ? equals : contains != null ? contains : startsWith;
        }
    }

    /** Where words are looked for. */
    public enum Field { title, body }

    /** How a word must stand: alone ({@code word}), at a word's start ({@code prefix}), or anywhere ({@code substring}). */
    public enum Match { word, prefix, substring }

    /**
     * One of the words or phrases occurs in one of the fields. By default: title and body, whole
     * words, case-insensitive, the contents of {@code <code>} and {@code <pre>} excluded.
     */
    public record Text(List<Field> fields, List<String> words, Match match, Boolean caseSensitive,
            Boolean includeCode) implements Rule {

        public List<Field> fieldsOrDefault() {
            return fields == null || fields.isEmpty() ? List.of(Field.title, Field.body) : fields;
        }

        public Match matchOrDefault() {
            return match == null ? Match.word : match;
        }
    }

    /** The question belongs to another set of the same study. */
    public record SetRef(String set) implements Rule {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public SetRef {
        }

        @JsonValue
        public String value() {
            return set;
        }
    }

    /** The question is one of these post ids (to reproduce a published set exactly). */
    public record Ids(List<Long> ids) implements Rule {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Ids {
            ids = copy(ids);
        }

        @JsonValue
        public List<Long> value() {
            return ids;
        }
    }

    /**
     * The question is on one of these sites (host names as the dumps name them, e.g.
     * {@code stackoverflow.com}); with {@code ids}, it makes a published id list name the questions
     * of one site only.
     */
    public record Site(List<String> sites) implements Rule {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Site {
            sites = copy(sites);
        }

        @JsonValue
        public List<String> value() {
            return sites;
        }
    }

    /** Every question: the study's population (the paper's set A). */
    public record Always() implements Rule {
    }
}
