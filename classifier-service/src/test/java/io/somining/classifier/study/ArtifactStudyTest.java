package io.somining.classifier.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped study {@code fse2020-artifact} holds exactly the artifact's released sets: every
 * question of each file, read here from the JSON lines, in its set and in the union, nothing else,
 * and nothing of another site whose post ids happen to be the same.
 */
class ArtifactStudyTest {

    private static final Path ARTIFACT = Path.of("../data/samples/fse2020-artifact");

    @Test
    void shouldHoldExactlyTheReleasedQuestionsOfStackOverflow() throws IOException {
        CompiledStudy study;
        try (InputStream in = getClass().getResourceAsStream("/studies/fse2020-artifact.json")) {
            study = new CompiledStudy(StudyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Set<Long>> expected = new TreeMap<>();
        Map<String, String> setOfFile = Map.of("dl_server_post.txt", "C", "dl_mobile_post.txt", "D",
                "dl_browser_post.txt", "E");
        for (var file : setOfFile.entrySet()) {
            for (String line : Files.readAllLines(ARTIFACT.resolve(file.getKey()), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    long id = json.readTree(line).get("Id").asLong();
                    expected.computeIfAbsent(file.getValue(), k -> new TreeSet<>()).add(id);
                    expected.computeIfAbsent("deployment", k -> new TreeSet<>()).add(id);
                }
            }
        }

        Map<String, Set<Long>> classified = new TreeMap<>();
        for (long id : expected.get("deployment")) {
            for (String set : classify(study, "stackoverflow.com", id)) {
                classified.computeIfAbsent(set, k -> new TreeSet<>()).add(id);
            }
            assertThat(classify(study, "ai.stackexchange.com", id)).as("the same id on another site").isEmpty();
        }
        assertThat(classify(study, "stackoverflow.com", 1)).isEmpty();

        assertThat(classified).isEqualTo(expected);
        assertThat(expected.get("C")).hasSize(1325);
        assertThat(expected.get("D")).hasSize(1533);
        assertThat(expected.get("E")).hasSize(165);
        assertThat(expected.get("deployment")).hasSize(3018);
    }

    @Test
    void shouldRefuseASiteRuleThatNamesNoSiteOrNotAHostName() {
        String study = """
                {"id": "s", "version": 1, "sets": [
                  {"id": "X", "rule": {"site": []}},
                  {"id": "Y", "rule": {"site": ["StackOverflow.com", "https://stackoverflow.com/"]}}]}""";
        assertThatThrownBy(() -> StudyParser.parse(study)).isInstanceOf(InvalidStudyException.class)
                .hasMessageContaining("sets[0].rule.site: a list of sites is needed")
                .hasMessageContaining("sets[1].rule.site[0]: 'StackOverflow.com'")
                .hasMessageContaining("sets[1].rule.site[1]: 'https://stackoverflow.com/'");
    }

    private static List<String> classify(CompiledStudy study, String site, long id) {
        return study.classify(new QuestionText(site, id, "title", "body", List.of("tensorflow"))).sets();
    }
}
