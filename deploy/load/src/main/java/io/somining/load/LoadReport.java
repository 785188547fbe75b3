package io.somining.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's figures per phase and endpoint, the knee of the staircase, and the checks that decide the verdict:
 * no reader fails up to the plan's reader count, the greedy client is held to its limit without a reader being
 * refused, and both write jobs end well under load. Latencies are reported, never asserted.
 */
final class LoadReport {

    /** An endpoint's figures in one phase; the rate is over the phase's own span. */
    record Line(String phase, String endpoint, long requests, double perSecond, long p50, long p99, long max, long errors) {
    }

    /** One step of the staircase: readers, the rate they could send at their pace, what was served, and how. */
    record Step(int readers, double offered, double served, long worstP99, long errors) {
        boolean keptUp() {
            return served >= 0.9 * offered && errors == 0;
        }
    }

    private final LoadPlan plan;
    private final List<Line> lines = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();

    private final Map<Integer, Long> greedyAnswers;

    /** @param greedyAnswers the greedy client's answers by status (0: none at all) */
    LoadReport(LoadPlan plan, GatlingReport report, Map<String, Phases.Span> spans, Map<String, Phases.Outcome> outcomes,
            Map<Integer, Long> greedyAnswers) {
        this.plan = plan;
        this.greedyAnswers = greedyAnswers;
        Map<String, List<GatlingReport.Row>> byPhase = new LinkedHashMap<>();
        for (GatlingReport.Row row : report.rows()) {
            int at = row.name().indexOf(ReadersSimulation.SEPARATOR);
            if (at > 0) {
                byPhase.computeIfAbsent(row.name().substring(0, at), p -> new ArrayList<>()).add(row);
            }
        }
        byPhase.forEach((phase, rows) -> rows.forEach(row -> {
            Phases.Span span = spans.getOrDefault(row.name(), spans.get(phase));
            double seconds = span == null ? Double.NaN : span.seconds();
            lines.add(new Line(phase, row.name().substring(phase.length() + ReadersSimulation.SEPARATOR.length()),
                    row.total(), row.total() / seconds, row.p50(), row.p99(), row.max(), row.ko()));
        }));
        for (int readers : plan.steps()) {
            List<Line> phase = readersOf(Phases.step(readers));
            // served: answered without error, per second of the step's span (which ends with its slowest last answer)
            steps.add(new Step(readers, plan.offeredRate(readers), phase.stream().mapToDouble(line -> line.requests() == 0 ? 0
                    : line.perSecond() * (line.requests() - line.errors()) / line.requests()).sum(),
                    phase.stream().mapToLong(Line::p99).max().orElse(-1), phase.stream().mapToLong(Line::errors).sum()));
        }
        check(report, spans, outcomes);
    }

    private List<Line> readersOf(String phase) {
        // the readers' requests are named by their endpoint alone; the other clients' names begin with who they are
        return lines.stream().filter(line -> line.phase().equals(phase) && line.endpoint().startsWith("GET /")).toList();
    }

    private void check(GatlingReport report, Map<String, Phases.Span> spans, Map<String, Phases.Outcome> outcomes) {
        if (report.rows().isEmpty()) {
            failures.add("Gatling's report holds no request: nothing ran");
            return;
        }
        for (Step step : steps) {
            if (step.errors() > 0) {
                (step.readers() <= plan.readers() ? failures : findings).add(step.errors() + " of the requests of "
                        + step.readers() + " readers failed");
            }
        }
        String greedyPhase = Phases.greedy(plan.readers());
        long refusedReaders = readersOf(greedyPhase).stream().mapToLong(Line::errors).sum();
        if (refusedReaders > 0) {
            failures.add(refusedReaders + " reader requests failed beside the greedy client (each reader is its own client)");
        }
        Phases.Span greedySpan = spans.get(greedyPhase + ReadersSimulation.SEPARATOR + Phases.GREEDY);
        long answered = greedyAnswers.getOrDefault(200, 0L);
        long refused = greedyAnswers.getOrDefault(429, 0L);
        long other = greedyAnswers.values().stream().mapToLong(Long::longValue).sum() - answered - refused;
        if (greedySpan == null || answered + refused + other == 0) {
            failures.add("the greedy client sent nothing");
        } else {
            double allowed = plan.rateLimit().requestsPerSecond() * greedySpan.seconds() + plan.rateLimit().burst();
            if (answered > Math.ceil(allowed * 1.02)) {
                failures.add(String.format(Locale.ROOT, "the greedy client got %d answers in %.1f s, over its limit of %.0f"
                        + " (%.0f/s and a burst of %.0f)", answered, greedySpan.seconds(), allowed,
                        plan.rateLimit().requestsPerSecond(), plan.rateLimit().burst()));
            }
            if (refused == 0) {
                failures.add("the greedy client was never refused: it did not reach its limit, so the run proves nothing about it");
            }
            if (other > 0) {
                failures.add("the greedy client got " + other + " answers that were neither 200 nor 429: " + greedyAnswers);
            }
            lines.stream().filter(line -> line.phase().equals(greedyPhase) && line.endpoint().equals(Phases.GREEDY))
                    .filter(line -> line.requests() != answered + refused + other).findFirst()
                    .ifPresent(line -> failures.add("the greedy client's answers counted " + (answered + refused + other)
                            + " of the " + line.requests() + " requests Gatling recorded"));
        }
        long refusedDuringWrites = readersOf(Phases.writes(plan.readers())).stream().mapToLong(Line::errors).sum();
        if (refusedDuringWrites > 0) {
            failures.add(refusedDuringWrites + " reader requests failed while the ingest job and the reclassification ran");
        }
        Phases.Outcome ingest = outcomes.get(Phases.INGEST);
        if (ingest == null || !"SUCCEEDED".equals(ingest.state())) {
            failures.add("the ingest job under load ended " + (ingest == null ? "never" : ingest.state()));
        }
        Phases.Outcome replay = outcomes.get(Phases.RECLASSIFICATION);
        if (replay == null || !ReadersSimulation.REPLAY_ENDS.contains(replay.state())) {
            failures.add("the reclassification under load ended " + (replay == null ? "never" : replay.state()));
        }
        report.errors().forEach(error -> findings.add(error.count() + " × " + error.message()));
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** The most readers the suite served at their pace without error, or 0 when even the first step fell short. */
    int knee() {
        int knee = 0;
        for (Step step : steps) {
            if (!step.keptUp()) {
                break;
            }
            knee = step.readers();
        }
        return knee;
    }

    /** A phase's p99 per endpoint against the same endpoints' p99 with the plan's readers alone. */
    double p99Ratio(String phase) {
        List<Line> alone = readersOf(Phases.step(plan.readers()));
        List<Line> with = readersOf(phase);
        long before = alone.stream().mapToLong(Line::p99).max().orElse(-1);
        long after = with.stream().mapToLong(Line::p99).max().orElse(-1);
        return before <= 0 || after < 0 ? Double.NaN : (double) after / before;
    }

    void print(PrintStream out, Map<String, Phases.Outcome> outcomes) {
        String phase = null;
        out.println();
        out.printf(Locale.ROOT, "%-52s %8s %9s %7s %7s %7s %7s%n", "endpoint", "requests", "req/s", "p50 ms", "p99 ms",
                "max ms", "errors");
        for (Line line : lines) {
            if (!line.phase().equals(phase)) {
                phase = line.phase();
                out.println("-- " + phase);
            }
            out.printf(Locale.ROOT, "%-52s %8d %9.1f %7s %7s %7s %7d%n", line.endpoint(), line.requests(), line.perSecond(),
                    time(line.p50()), time(line.p99()), time(line.max()), line.errors());
        }
        out.println();
        out.println("The staircase (each reader at most one request per " + plan.paceMillis() + " ms):");
        out.printf(Locale.ROOT, "%8s %10s %10s %16s %7s%n", "readers", "offered/s", "served/s", "worst p99 ms", "errors");
        for (Step step : steps) {
            out.printf(Locale.ROOT, "%8d %10.1f %10.1f %16s %7d%n", step.readers(), step.offered(), step.served(),
                    time(step.worstP99()), step.errors());
        }
        int knee = knee();
        int last = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).readers();
        int first = steps.isEmpty() ? 0 : steps.get(0).readers();
        out.println(knee == last ? "Knee: beyond " + last + " readers (every step served at least 90 % of its offered rate, no error)"
                : knee == 0 ? "Knee: below " + first + " readers (even the first step served less than 90 % of its offered rate)"
                : "Knee: after " + knee + " readers (the last step that served at least 90 % of its offered rate without error)");
        out.printf(Locale.ROOT, "Readers' worst p99 beside the greedy client / alone: %.2f; during the ingest job and the"
                + " reclassification / alone: %.2f%n", p99Ratio(Phases.greedy(plan.readers())), p99Ratio(Phases.writes(plan.readers())));
        out.printf(Locale.ROOT, "Greedy client (one token, limit %.0f/s and a burst of %.0f, as this shell's environment"
                + " sets the gateway's): answers by status %s%n", plan.rateLimit().requestsPerSecond(),
                plan.rateLimit().burst(), greedyAnswers);
        outcomes.forEach((job, outcome) -> out.printf(Locale.ROOT, "%s under load: %s in %.1f s%n", job, outcome.state(),
                outcome.took().toMillis() / 1000.0));
        findings.forEach(finding -> out.println("finding: " + finding));
        failures.forEach(failure -> out.println("FAILED: " + failure));
        out.println(failures.isEmpty() ? "Load run: PASSED" : "Load run: FAILED (" + failures.size() + ")");
    }

    private static String time(long millis) {
        return millis < 0 ? "-" : Long.toString(millis);
    }
}
