package io.somining.classifier.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped study reproduces the FSE 2020 artifact's sets: at least 99 % of the artifact's server
 * questions fall in C, of its mobile ones in D, of its browser ones among E's candidates. The misses
 * are printed (docs/study.md explains them).
 */
class ArtifactRecallTest {

    private static final Path ARTIFACT = Path.of("../data/samples/fse2020-artifact");
    private static final Pattern TAG = Pattern.compile("<([^>]+)>");

    @Test
    void shouldPutAtLeast99PercentOfEachArtifactSetInItsPlatformSet() throws IOException {
        CompiledStudy study;
        try (InputStream in = getClass().getResourceAsStream("/studies/fse2020.json")) {
            study = new CompiledStudy(StudyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, String> file : Map.of("dl_server_post.txt", "C", "dl_mobile_post.txt", "D",
                "dl_browser_post.txt", "E").entrySet()) {
            List<String> missed = new ArrayList<>();
            int total = 0;
            for (String line : Files.readAllLines(ARTIFACT.resolve(file.getKey()), StandardCharsets.UTF_8)) {
                JsonNode q = json.readTree(line);
                List<String> tags = new ArrayList<>();
                Matcher m = TAG.matcher(q.path("Tags").asText(""));
                while (m.find()) {
                    tags.add(m.group(1));
                }
                var sets = study.classify(new QuestionText("stackoverflow.com", q.get("Id").asLong(),
                        q.path("Title").asText(""), q.path("Body").asText(""), tags)).sets();
                total++;
                if (!sets.contains(file.getValue())) {
                    missed.add(q.get("Id").asText() + " " + tags);
                }
            }
            double recall = 1.0 - (double) missed.size() / total;
            System.out.printf("%s -> set %s: %d of %d, recall %.4f; first missed: %s%n", file.getKey(), file.getValue(),
                    total - missed.size(), total, recall, missed.stream().limit(8).toList());
            assertThat(total).isPositive();
            assertThat(recall).as("recall of set " + file.getValue() + ", missed " + missed).isGreaterThanOrEqualTo(0.99);
        }
    }

    /**
     * The other direction (listed in docs/reproduction-fse2020.md): questions a platform set holds
     * that the artifact's set does not. The automatic sets may hold a few more than the paper's
     * reviewed ones, not many: at least 98 % of C and D, and 90 % of E's candidates, are the artifact's.
     */
    @Test
    void shouldKeepEachPlatformSetCloseToTheArtifactsSet() throws IOException {
        CompiledStudy study;
        try (InputStream in = getClass().getResourceAsStream("/studies/fse2020.json")) {
            study = new CompiledStudy(StudyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, String> setOfFile = Map.of("dl_server_post.txt", "C", "dl_mobile_post.txt", "D",
                "dl_browser_post.txt", "E");
        Map<String, java.util.Set<String>> artifactSets = new java.util.TreeMap<>();
        Map<String, java.util.Set<String>> classified = new java.util.TreeMap<>();
        Map<String, java.util.Set<String>> filesOf = new java.util.TreeMap<>();
        try (var files = Files.list(ARTIFACT)) {
            for (Path path : files.filter(p -> p.toString().endsWith("_post.txt")).sorted().toList()) {
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    JsonNode q = json.readTree(line);
                    String id = q.get("Id").asText();
                    filesOf.computeIfAbsent(id, k -> new java.util.TreeSet<>()).add(path.getFileName().toString());
                    String artifactSet = setOfFile.get(path.getFileName().toString());
                    if (artifactSet != null) {
                        artifactSets.computeIfAbsent(artifactSet, k -> new java.util.TreeSet<>()).add(id);
                    }
                    List<String> tags = new ArrayList<>();
                    Matcher m = TAG.matcher(q.path("Tags").asText(""));
                    while (m.find()) {
                        tags.add(m.group(1));
                    }
                    for (String set : study.classify(new QuestionText("stackoverflow.com", q.get("Id").asLong(),
                            q.path("Title").asText(""), q.path("Body").asText(""), tags)).sets()) {
                        classified.computeIfAbsent(set, k -> new java.util.TreeSet<>()).add(id);
                    }
                }
            }
        }
        for (String set : List.of("C", "D", "E")) {
            List<String> extra = classified.get(set).stream().filter(id -> !artifactSets.get(set).contains(id))
                    .map(id -> id + " (in " + String.join(", ", filesOf.get(id)) + ")").toList();
            double precision = 1.0 - (double) extra.size() / classified.get(set).size();
            System.out.printf("set %s holds %d questions outside the artifact's set (precision %.4f): %s%n", set,
                    extra.size(), precision, extra);
            assertThat(precision).as("share of set " + set + " in the artifact's set")
                    .isGreaterThanOrEqualTo(set.equals("E") ? 0.90 : 0.98);
        }
    }
}
