package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somining.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The chaos run's verdict fails on every kind of anomaly it claims to find, and passes only without one. */
class ChaosReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChaosDumps DUMPS = new ChaosDumps("older", "newer",
            new ChaosDumps.Expected(100, 30, 60, 2, 3, 4, 1, 5));
    private static final String FILES = "rows 100, live questions 30, live answers 60, deleted questions 2,"
            + " deleted answers 3, edited titles 4, tagged tensorflow 5";
    private static final FaultInjector.Poison POISON = new FaultInjector.Poison(Topics.QUESTIONS, 2, 41, "not JSON");
    private static final String POISON_KEY = Topics.QUESTIONS + "/2/41";

    private String printed;

    @Test
    void shouldPassOnlyWhenTheFaultyRunEndsWhereTheFaultFreeOneDid() throws Exception {
        assertThat(verdict(clean(), faulty())).as(printed).isTrue();
        assertThat(printed).doesNotContain("FAILED").contains("events lost 0, duplicated effects 0");
    }

    @Test
    void shouldFailOnEveryKindOfAnomaly() throws Exception {
        Map<String, UnaryOperator<Chaos.Outcome>> anomalies = new HashMap<>();
        anomalies.put("a post's digest differs", o -> with(o, stored(FILES + ", digest other", "c1"), o.figures(), o.deadLetters()));
        anomalies.put("a post lost", o -> with(o, stored(FILES.replace("rows 100", "rows 99") + ", digest d1", "c1"),
                o.figures(), o.deadLetters()));
        anomalies.put("a classification differs", o -> with(o, stored(FILES + ", digest d1", "c2"), o.figures(), o.deadLetters()));
        anomalies.put("a figure differs", o -> with(o, o.stored(), figures(true, 8), o.deadLetters()));
        anomalies.put("the reconciliation differs", o -> with(o, o.stored(), figures(false, 7), o.deadLetters()));
        anomalies.put("a consumer never set the poison aside", o -> with(o, o.stored(), o.figures(),
                Map.of(POISON_KEY, List.of("classifier-service: not JSON"))));
        anomalies.put("a real event dead-lettered", o -> with(o, o.stored(), o.figures(), Map.of(POISON_KEY,
                List.of("classifier-service: not JSON", "metrics-service: not JSON"), Topics.QUESTIONS + "/0/7",
                List.of("metrics-service: timed out"))));
        anomalies.put("a fault never recovered from", o -> new Chaos.Outcome(o.figures(), o.stored(), o.round(), o.took(),
                List.of(new FaultInjector.Fault("kill -9", "kafka", Duration.ZERO, Duration.ofSeconds(2), null, false)),
                o.poison(), o.deadLetters(), o.drained(), o.serverErrors(), o.firstJobResumed()));
        anomalies.put("the first job never resumed", o -> new Chaos.Outcome(o.figures(), o.stored(), o.round(), o.took(),
                o.faults(), o.poison(), o.deadLetters(), o.drained(), o.serverErrors(), 0));
        anomalies.put("a consumer behind", o -> new Chaos.Outcome(o.figures(), o.stored(), o.round(), o.took(),
                o.faults(), o.poison(), o.deadLetters(), false, o.serverErrors(), o.firstJobResumed()));
        anomalies.put("an answer 500", o -> new Chaos.Outcome(o.figures(), o.stored(), o.round(), o.took(),
                o.faults(), o.poison(), o.deadLetters(), o.drained(), List.of("GET /x: boom"), o.firstJobResumed()));
        anomalies.put("the round differs", o -> new Chaos.Outcome(o.figures(), o.stored(), JSON.createObjectNode().put("kappa", 0.5),
                o.took(), o.faults(), o.poison(), o.deadLetters(), o.drained(), o.serverErrors(), o.firstJobResumed()));
        for (var anomaly : anomalies.entrySet()) {
            assertThat(verdict(clean(), anomaly.getValue().apply(faulty()))).as(anomaly.getKey() + ": " + printed).isFalse();
            assertThat(printed).as(anomaly.getKey()).contains("FAILED").contains("ANOMALIES found");
        }
    }

    private boolean verdict(Chaos.Outcome clean, Chaos.Outcome faulty) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StackSettings settings = StackSettings.fromEnvironment(Path.of("."), Map.of());
        boolean passed = new Chaos(settings, new PrintStream(out, true, StandardCharsets.UTF_8)).report(
                new Chaos.Options(9, Duration.ofMinutes(1), 20, Duration.ofSeconds(10), Duration.ofSeconds(20)), DUMPS,
                clean, faulty);
        printed = out.toString(StandardCharsets.UTF_8);
        return passed;
    }

    private static Chaos.Outcome clean() throws Exception {
        return new Chaos.Outcome(figures(true, 7), stored(FILES + ", digest d1", "c1"), JSON.readTree("{\"kappa\":0.6}"),
                Duration.ofSeconds(40), List.of(), List.of(), Map.of(), true, List.of(), 0);
    }

    private static Chaos.Outcome faulty() throws Exception {
        return new Chaos.Outcome(figures(true, 7), stored(FILES + ", digest d1", "c1"), JSON.readTree("{\"kappa\":0.6}"),
                Duration.ofSeconds(200), List.of(new FaultInjector.Fault("kill -9", "ingest", Duration.ZERO,
                        Duration.ofSeconds(1), Duration.ofSeconds(6), true)), List.of(POISON),
                Map.of(POISON_KEY, List.of("classifier-service: not JSON", "metrics-service: not JSON")), true, List.of(), 1);
    }

    private static Chaos.Outcome with(Chaos.Outcome o, Map<String, String> stored, Map<String, JsonNode> figures,
            Map<String, List<String>> deadLetters) {
        return new Chaos.Outcome(figures, stored, o.round(), o.took(), o.faults(), o.poison(), deadLetters, o.drained(),
                o.serverErrors(), o.firstJobResumed());
    }

    private static Map<String, String> stored(String ingest, String classifier) {
        return Map.of("ingest " + ChaosDumps.SITE, ingest, "classifier fse2020", "rows 30, digest " + classifier);
    }

    private static Map<String, JsonNode> figures(boolean consistent, int questions) {
        return Map.of(ChaosDumps.SITE, JSON.createObjectNode().put("consistent", consistent).put("questions", questions)
                .set("differences", consistent ? JSON.createArrayNode() : JSON.createArrayNode().add("metrics 6, ingest 7")));
    }
}
