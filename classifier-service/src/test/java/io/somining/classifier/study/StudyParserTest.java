package io.somining.classifier.study;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StudyParserTest {

    private static String study(String sets) {
        return "{\"id\":\"s\",\"version\":1,\"sets\":[" + sets + "]}";
    }

    @Test
    void shouldNameAnUnknownFieldAndItsPlace() {
        assertThatThrownBy(() -> StudyParser.parse(study("{\"id\":\"B\",\"rule\":{\"tag\":{\"contain\":[\"keras\"]}}}")))
                .isInstanceOf(InvalidStudyException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("sets[0].rule")
                .hasMessageContaining("contain");
    }

    @Test
    void shouldRefuseAnUnknownPredicate() {
        assertThatThrownBy(() -> StudyParser.parse(study("{\"id\":\"B\",\"rule\":{\"regex\":\"(a+)+\"}}")))
                .isInstanceOf(InvalidStudyException.class)
                .hasMessageContaining("regex");
    }

    @Test
    void shouldRefuseAnUnknownSetAndACycle() {
        assertThatThrownBy(() -> StudyParser.parse(study("{\"id\":\"B\",\"rule\":{\"set\":\"Z\"}}")))
                .hasMessageContaining("sets[0].rule.set: unknown set 'Z'");
        assertThatThrownBy(() -> StudyParser.parse(study(
                "{\"id\":\"B\",\"rule\":{\"set\":\"C\"}},{\"id\":\"C\",\"rule\":{\"not\":{\"set\":\"B\"}}}")))
                .hasMessageContaining("cycle of set references");
    }

    @Test
    void shouldRefuseAnEmptyWordListAndAmbiguousTagRule() {
        assertThatThrownBy(() -> StudyParser.parse(study("{\"id\":\"B\",\"rule\":{\"text\":{\"words\":[]}}}")))
                .hasMessageContaining("sets[0].rule.text.words: empty word list");
        assertThatThrownBy(() -> StudyParser.parse(study(
                "{\"id\":\"B\",\"rule\":{\"tag\":{\"equals\":[\"a\"],\"contains\":[\"b\"]}}}")))
                .hasMessageContaining("give exactly one of equals, contains, startsWith");
    }

    @Test
    void shouldRefuseANullFieldOrWordWhereItIsWritten() {
        assertThatThrownBy(() -> StudyParser.parse(study(
                "{\"id\":\"B\",\"rule\":{\"text\":{\"fields\":[null],\"words\":[\"keras\"]}}}")))
                .hasMessageContaining("sets[0].rule.text.fields[0]: null");
        assertThatThrownBy(() -> StudyParser.parse(study("{\"id\":\"B\",\"rule\":{\"text\":{\"words\":[null]}}}")))
                .hasMessageContaining("sets[0].rule.text.words[0]: blank");
    }

    @Test
    void shouldNameANullWhereItIsWrittenNotTheConstructorThatFailed() {
        for (String[] rule : new String[][] {
                { "{\"all\":[null]}", "sets[0].rule.all[0]: null rule" },
                { "{\"ids\":[1,null]}", "sets[0].rule.ids[1]: null is no question id (a whole number from 1)" },
                { "{\"ids\":[-1]}", "sets[0].rule.ids[0]: -1 is no question id (a whole number from 1)" },
                { "{\"ids\":[1.5]}", "a whole number" },
                { "{\"tag\":{\"contains\":[1]}}", "a text" },
                { "{\"ids\":null}", "at sets[0].rule: " },
                { "{\"site\":[null]}", "sets[0].rule.site[0]: 'null' is not a site's host name" },
                { "{\"tag\":{\"contains\":[\"a\",null]}}", "sets[0].rule.tag.contains[1]: blank" } }) {
            assertThatThrownBy(() -> StudyParser.parse(study("{\"id\":\"B\",\"rule\":" + rule[0] + "}"))).as(rule[0])
                    .isInstanceOf(InvalidStudyException.class).hasMessageContaining(rule[1])
                    .hasMessageNotContaining("Exception").hasMessageNotContaining("Rules$").hasMessageNotContaining("java.");
        }
        // a value of the wrong kind inside a rule: the rule's kind is part of the path
        for (String[] rule : new String[][] {
                { "{\"tag\":{\"contains\":\"x\"}}", "at sets[0].rule.tag.contains: must be a list" },
                { "{\"tag\":{\"bogus\":[\"x\"]}}", "at sets[0].rule.tag.bogus: no such field" },
                { "{\"text\":{\"words\":[\"a\"],\"match\":\"bogus\"}}", "at sets[0].rule.text.match: 'bogus' is not one of word, prefix, substring" } }) {
            assertThatThrownBy(() -> StudyParser.parse(study("{\"id\":\"B\",\"rule\":" + rule[0] + "}"))).as(rule[0])
                    .hasMessageContaining(rule[1]);
        }
        // an unknown predicate: the ones there are
        assertThatThrownBy(() -> StudyParser.parse(study("{\"id\":\"B\",\"rule\":{\"regex\":\"a\"}}")))
                .hasMessageContaining("'regex' is no kind known here (one of all, any, not, tag, text, set, ids, site, always)")
                .hasMessageNotContaining("io.somining");
    }

    @Test
    void shouldRefuseADuplicateSet() {
        assertThatThrownBy(() -> StudyParser.parse(study(
                "{\"id\":\"B\",\"rule\":{\"always\":{}}},{\"id\":\"B\",\"rule\":{\"always\":{}}}")))
                .hasMessageContaining("sets[1].id: 'B' is defined twice");
    }

    @Test
    void shouldNameTheLineOfAValidationErrorInJsonAndYaml() {
        // given: an empty word list on line 7 of a YAML document, and an unknown set on line 3 of a JSON one
        String yaml = "id: demo\nversion: 1\nsets:\n  - id: A\n    rule:\n      text:\n        words: []\n";
        String json = "{\"id\":\"demo\",\"version\":1,\n\"sets\":[\n{\"id\":\"A\",\"rule\":{\"set\":\"Z\"}}]}";

        // when / then
        assertThatThrownBy(() -> StudyParser.parse(yaml))
                .hasMessageContaining("line 7, sets[0].rule.text.words: empty word list");
        assertThatThrownBy(() -> StudyParser.parse(json))
                .hasMessageContaining("line 3, sets[0].rule.set: unknown set 'Z'");
    }
}
