package io.somining.classifier.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A body's text as a browser renders it, and the phrases of a study matching what a reader of the page reads. */
class QuestionTextTest {

    private static String text(String html) {
        return new QuestionText("stackoverflow.com", 1, "t", html, List.of()).body(true);
    }

    @Test
    void shouldJoinInlineElementsAndSeparateBlocksAsABrowserRenders() {
        assertThat(text("<p><strong>TensorFlow</strong> lite</p>")).isEqualTo("TensorFlow lite");
        assertThat(text("<p>Tensor<b>Flow</b> <em>Lite</em>!</p>")).isEqualTo("TensorFlow Lite!");
        assertThat(text("<p>first</p><p>second</p><ul><li>third</li></ul>")).isEqualTo("first second third");
        assertThat(text("<p>line<br>break</p>")).isEqualTo("line break");
    }

    @Test
    void shouldCollapseNoBreakSpacesAndLineBreaksIntoOneSpace() {
        assertThat(text("<p>Core\u00a0ML</p>")).isEqualTo("Core ML");
        assertThat(text("<p>Core&nbsp;ML and Core&#160;ML</p>")).isEqualTo("Core ML and Core ML");
        assertThat(text("<p>Core\n  ML\r\n\tmodel</p>")).isEqualTo("Core ML model");
        assertThat(new QuestionText("s", 1, "Core\u00a0ML  on\niOS", "", List.of()).title()).isEqualTo("Core ML on iOS");
    }

    @Test
    void shouldDecodeEveryNamedEntityOfHtml5() {
        assertThat(text("<p>Caf&eacute; &mdash; the model&rsquo;s &hellip; &lt;x&gt; &amp; &#x1F600; &#233;</p>"))
                .isEqualTo("Café — the model’s … <x> & \uD83D\uDE00 é");
        assertThat(text("<p>&zzzz; stays</p>")).isEqualTo("&zzzz; stays");
    }

    @Test
    void shouldLeaveCodeOutOfTheTextWithoutCode() {
        QuestionText question = new QuestionText("s", 1, "t",
                "<p>It fails:</p><pre><code>android.load()</code></pre><p>on <code>tf.lite</code> too</p>", List.of());
        assertThat(question.body(false)).isEqualTo("It fails: on too");
        assertThat(question.body(true)).isEqualTo("It fails: android.load() on tf.lite too");
    }

    @Test
    void shouldMatchAStudysPhraseAcrossInlineTagsLineBreaksAndNoBreakSpaces() throws IOException {
        CompiledStudy conversion;
        try (InputStream in = QuestionTextTest.class.getResourceAsStream("/studies/examples/model-conversion.yaml")) {
            conversion = new CompiledStudy(StudyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        for (String body : List.of("<p>How do I <strong>convert the</strong> model?</p>", "<p>How to convert the\nmodel</p>",
                "<p>convert&nbsp;the\u00a0model</p>")) {
            assertThat(conversion.classify(new QuestionText("s", 1, "Help", body, List.of("keras"))).sets())
                    .as(body).contains("CONVERSION");
        }
        assertThat(conversion.classify(new QuestionText("s", 1, "Help", "<p>convert them all</p>", List.of("keras")))
                .sets()).doesNotContain("CONVERSION");
    }
}
