package io.somining.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    private static final String SEP = ReadersSimulation.SEPARATOR;
    private static final String QUESTION = "GET /ingest/questions/{site}/{id}";
    private static final String TREND = "GET /metrics/studies/{study}/sets/{set}/trend";

    /** Steps of 8 and 64 readers at one request per 100 ms, 10 s each; a limit of 50/s with a burst of 100. */
    private static LoadPlan plan() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add("t" + i);
        }
        return new LoadPlan("http://127.0.0.1:1", List.of(8, 64), 10, 64, 100, 32, new LoadPlan.RateLimit(50, 100), 10,
                tokens, "greedy", "admin", "fse2020", "stackoverflow.com", List.of("A"), List.of(1L), "{}", "load-run", 2, "");
    }

    /** Spans of 10 s for every phase and for the greedy client. */
    private static Map<String, Phases.Span> spans() {
        Map<String, Phases.Span> spans = new HashMap<>();
        for (String phase : List.of(Phases.step(8), Phases.step(64), Phases.greedy(64), Phases.writes(64),
                Phases.greedy(64) + SEP + Phases.GREEDY)) {
            spans.put(phase, new Phases.Span(1_000, 11_000));
        }
        return spans;
    }

    private static Map<String, Phases.Outcome> ended(String ingest, String replay) {
        return Map.of(Phases.INGEST, new Phases.Outcome(ingest, Duration.ofSeconds(30)), Phases.RECLASSIFICATION,
                new Phases.Outcome(replay, Duration.ofSeconds(20)));
    }

    private static GatlingReport.Row row(String phase, String endpoint, long total, long ko, long p99) {
        return new GatlingReport.Row(phase + SEP + endpoint, total, total - ko, ko, p99 / 2, p99, p99 * 2);
    }

    /** The greedy client's answers: {@code answered} 200s and 1,000 refusals. */
    private static Map<Integer, Long> greedy(long answered) {
        return Map.of(200, answered, 429, 1000L);
    }

    /**
     * 8 readers served 395 + 395 requests in 10 s (79/s of 80 offered), 64 readers 1,500 + 1,500 (300/s of 640); the
     * greedy client's requests are all answered (200 or 429).
     */
    private static GatlingReport report(long admitted, long readersRefusedBesideTheGreedyClient) {
        return new GatlingReport(List.of(row(Phases.step(8), QUESTION, 395, 0, 40), row(Phases.step(8), TREND, 395, 0, 60),
                row(Phases.step(64), QUESTION, 1500, 0, 700), row(Phases.step(64), TREND, 1500, 0, 900),
                row(Phases.greedy(64), QUESTION, 1500, readersRefusedBesideTheGreedyClient, 720),
                row(Phases.greedy(64), TREND, 1500, 0, 990),
                row(Phases.greedy(64), Phases.GREEDY, admitted + 1000, 0, 500),
                row(Phases.writes(64), QUESTION, 1500, 0, 1400), row(Phases.writes(64), TREND, 1500, 0, 1800),
                row(Phases.writes(64), Phases.INGEST + ": POST /ingest/jobs", 1, 0, 100)),
                List.of());
    }

    @Test
    void shouldFindTheKneeAtTheLastStepServedAtNineTenthsOfItsOfferedRate() {
        // when the report of a run whose second step fell far short of its offered rate is read
        LoadReport report = new LoadReport(plan(), report(590, 0), spans(), ended("SUCCEEDED", "DONE"), greedy(590));

        // then each step's offered and served rates are per second of its own span, and the knee is after 8 readers
        assertThat(report.steps()).extracting(LoadReport.Step::readers, LoadReport.Step::offered, LoadReport.Step::served,
                LoadReport.Step::worstP99).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(8, 80.0, 79.0, 60L),
                        org.assertj.core.groups.Tuple.tuple(64, 640.0, 300.0, 900L));
        assertThat(report.knee()).isEqualTo(8);
        // 990 beside the greedy client against 900 alone; 1,800 during the writes
        assertThat(report.p99Ratio(Phases.greedy(64))).isCloseTo(1.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(report.p99Ratio(Phases.writes(64))).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void shouldFailWhenTheGreedyClientGetsMoreThanItsRateAndBurstAllow() {
        // when the greedy client got 620 answers in 10 s: 50/s × 10 s + 100 = 600 allowed (2 % slack: 612)
        LoadReport report = new LoadReport(plan(), report(620, 0), spans(), ended("SUCCEEDED", "DONE"), greedy(620));

        // then the run fails, naming the figures
        assertThat(report.failures()).singleElement().asString().contains("620 answers in 10.0 s, over its limit of 600");
    }

    @Test
    void shouldFailWhenAReaderIsRefusedBesideTheGreedyClientOrAWriteJobDoesNotEndWell() {
        // when 3 reader requests failed beside the greedy client, and the ingest job failed
        LoadReport report = new LoadReport(plan(), report(590, 3), spans(), ended("FAILED", "DONE"), greedy(590));

        // then both are failures
        assertThat(report.failures()).containsExactlyInAnyOrder(
                "3 reader requests failed beside the greedy client (each reader is its own client)",
                "the ingest job under load ended FAILED");
    }

    @Test
    void shouldFailWhenTheGreedyClientGetsAnythingButAnAnswerOrARefusal() {
        // when 2 of the greedy client's requests got no answer and 1 a 502 (of 1,593 Gatling recorded)
        LoadReport report = new LoadReport(plan(), report(593, 0), spans(), ended("SUCCEEDED", "DONE"),
                Map.of(200, 590L, 429, 1000L, 0, 2L, 502, 1L));

        // then the run fails, listing the answers
        assertThat(report.failures()).singleElement().asString().startsWith("the greedy client got 3 answers that were neither");
    }

    @Test
    void shouldFailWhenTheGreedyClientsAnswersWereNotAllCounted() {
        // when Gatling recorded 1,590 requests of the greedy client and 11 of its answers were not counted
        LoadReport report = new LoadReport(plan(), report(590, 0), spans(), ended("SUCCEEDED", "DONE"),
                Map.of(200, 579L, 429, 1000L));

        // then the run fails: the limit was checked on a partial count
        assertThat(report.failures()).containsExactly("the greedy client's answers counted 1579 of the 1590 requests Gatling recorded");
    }

    @Test
    void shouldFailWhenTheGreedyClientWasNeverRefused() {
        // when the greedy client never reached its limit (no 429)
        GatlingReport never = new GatlingReport(List.of(row(Phases.step(8), QUESTION, 395, 0, 40),
                row(Phases.greedy(64), Phases.GREEDY, 300, 0, 500)), List.of());
        LoadReport report = new LoadReport(plan(), never, spans(), ended("SUCCEEDED", "DONE"), Map.of(200, 300L));

        // then the run proves nothing about the limit, and says so
        assertThat(report.failures()).contains(
                "the greedy client was never refused: it did not reach its limit, so the run proves nothing about it");
    }
}
