package io.somining.classifier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somining.classifier.study.CompiledStudy;
import io.somining.classifier.study.QuestionText;
import io.somining.classifier.study.StudyParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matching alone, on one thread: classifies the FSE 2020 artifact's real questions (titles, HTML
 * bodies with code, tags) under the shipped study, over and over, and prints questions per second.
 * Run: {@code ./mvnw -q -pl classifier-service test-compile exec:java -Pbenchmark} (see the README).
 * Arguments: seconds to measure (default 20), data folder (default ../data/samples/fse2020-artifact).
 */
public final class MatchingBenchmark {

    private static final Pattern TAG = Pattern.compile("<([^>]+)>");

    private MatchingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path folder = Path.of(args.length > 1 ? args[1] : "../data/samples/fse2020-artifact");
        CompiledStudy study;
        try (InputStream in = MatchingBenchmark.class.getResourceAsStream("/studies/fse2020.json")) {
            study = new CompiledStudy(StudyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        List<Question> questions = new ArrayList<>();
        long bodyChars = 0;
        ObjectMapper json = new ObjectMapper();
        for (String file : List.of("dl_server_post.txt", "dl_mobile_post.txt", "dl_browser_post.txt")) {
            for (String line : Files.readAllLines(folder.resolve(file), StandardCharsets.UTF_8)) {
                JsonNode q = json.readTree(line);
                List<String> tags = new ArrayList<>();
                Matcher m = TAG.matcher(q.path("Tags").asText(""));
                while (m.find()) {
                    tags.add(m.group(1));
                }
                String body = q.path("Body").asText("");
                bodyChars += body.length();
                questions.add(new Question(q.get("Id").asLong(), q.path("Title").asText(""), body, tags));
            }
        }
        System.out.printf("%d questions, mean body %d characters; warming up ...%n", questions.size(),
                bodyChars / questions.size());
        run(study, questions, 5);
        long[] result = run(study, questions, seconds);
        double rate = result[0] / (result[1] / 1e9);
        System.out.printf("matching alone, one thread: %,.0f questions/s (%,d questions in %.1f s; %d set memberships)%n",
                rate, result[0], result[1] / 1e9, result[2]);
    }

    /** A question as its event carries it; the text the rules see is derived anew for every classification, as the consumer does. */
    private record Question(long id, String title, String body, List<String> tags) {
    }

    /** Answers questions classified, nanoseconds taken and memberships found (so the work cannot be optimized away). */
    private static long[] run(CompiledStudy study, List<Question> questions, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long started = System.nanoTime();
        long classified = 0;
        long memberships = 0;
        while (System.nanoTime() < deadline) {
            for (Question q : questions) {
                memberships += study.classify(new QuestionText("stackoverflow.com", q.id(), q.title(), q.body(), q.tags()))
                        .sets().size();
            }
            classified += questions.size();
        }
        return new long[] { classified, System.nanoTime() - started, memberships };
    }
}
