package io.somining.classifier.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompiledStudyTest {

    private static CompiledStudy fse2020;

    @BeforeAll
    static void loadShippedStudy() throws IOException {
        try (InputStream in = CompiledStudyTest.class.getResourceAsStream("/studies/fse2020.json")) {
            fse2020 = new CompiledStudy(StudyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    private static List<String> setsOf(String title, String body, String... tags) {
        return fse2020.classify(new QuestionText("stackoverflow.com", 1, title, body, List.of(tags))).sets();
    }

    @Test
    void shouldPutAServingQuestionInTheServerSet() {
        assertThat(setsOf("How to deploy a Keras model to a server?", "<p>I trained it.</p>", "keras", "python"))
                .containsExactly("A", "B", "C");
    }

    @Test
    void shouldCountTaggedPlatformsWithoutAnyWord() {
        assertThat(setsOf("Batching", "<p>slow</p>", "tensorflow-serving")).containsExactly("A", "B", "C");
        assertThat(setsOf("Convert", "<p>a model</p>", "coreml")).containsExactly("A", "D");
        assertThat(setsOf("Load", "<p>weights</p>", "tensorflow.js")).containsExactly("A", "B", "E");
    }

    @Test
    void shouldIgnoreWordsInsideCodeAndInsideOtherWords() {
        // given: "android" only in code, "ios" only inside "scenarios"
        List<String> sets = setsOf("Shapes differ", "<p>In some scenarios it fails:</p><pre><code>android.load()</code></pre>",
                "tensorflow");

        // then: a DL question about no platform
        assertThat(sets).containsExactly("A", "B", "N");
    }

    @Test
    void shouldDecodeEntitiesBeforeMatching() {
        assertThat(setsOf("Model on iOS", "<p>runs &lt;fast&gt; on the&#32;mobile app</p>", "pytorch"))
                .containsExactly("A", "B", "D");
    }

    @Test
    void shouldExplainEveryMatchWithItsSnippet() {
        // when
        var result = fse2020.classify(new QuestionText("stackoverflow.com", 7, "Deploying on Android",
                "<p>My app crashes</p>", List.of("tensorflow-lite")));

        // then
        var mobile = result.matches().stream().filter(m -> m.set().equals("D")).findFirst().orElseThrow();
        assertThat(mobile.predicates()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("title");
            assertThat(p.snippet()).isEqualTo("Deploying on Android");
        });
        assertThat(mobile.predicates()).anySatisfy(p -> assertThat(p.snippet()).isEqualTo("tensorflow-lite"));
    }

    @Test
    void shouldLeaveANonDlQuestionInTheAllSetOnly() {
        assertThat(setsOf("Deploy a Flask app to a server", "<p>on my phone too (android)</p>", "flask"))
                .containsExactly("A");
    }
}
