package io.somining.load;

import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The phases' names and their wall-clock spans, and how the two write jobs ended. Gatling's report gives each
 * request name its counts and percentiles but its rates over the whole run; a phase's throughput is its count over
 * the phase's own span, kept here. Gatling runs the simulation in the launcher's JVM, once per run.
 */
final class Phases {

    static final String GREEDY = "greedy client: GET /metrics/studies/{study}/sets";
    static final String INGEST = "ingest job";
    static final String RECLASSIFICATION = "reclassification";

    /** A span in milliseconds since the epoch: the first start and the last end recorded under its name. */
    record Span(long start, long end) {
        double seconds() {
            return Math.max(1, end - start) / 1000.0;
        }
    }

    /** How a write job ended: its last state ({@code null}: never started) and how long it took. */
    record Outcome(String state, Duration took) {
    }

    /** The greedy client's answers by status (0: no answer at all). */
    private static final Map<Integer, java.util.concurrent.atomic.AtomicLong> GREEDY_ANSWERS = new ConcurrentHashMap<>();
    private static final Map<String, Span> SPANS = new ConcurrentHashMap<>();
    private static final Map<String, Outcome> OUTCOMES = new ConcurrentHashMap<>();

    private Phases() {
    }

    static String step(int readers) {
        return readers + " readers";
    }

    static String greedy(int readers) {
        return readers + " readers + a greedy client";
    }

    static String writes(int readers) {
        return readers + " readers + ingest job + reclassification";
    }

    static void reset() {
        GREEDY_ANSWERS.clear();
        SPANS.clear();
        OUTCOMES.clear();
    }

    /** Marks the start of a virtual user of a phase (the phase starts with its first). */
    static Function<Session, Session> started(String name) {
        return session -> {
            long now = System.currentTimeMillis();
            boolean[] first = {false};
            SPANS.compute(name, (key, span) -> {
                first[0] = span == null;
                return span == null ? new Span(now, now) : new Span(Math.min(span.start(), now), Math.max(span.end(), now));
            });
            // a phase's first user prints it (the jobs' and the greedy client's own spans are not phases)
            if (first[0] && !name.contains(ReadersSimulation.SEPARATOR)) {
                System.out.printf("%tT %s%n", now, name);
            }
            return session.set("since", System.nanoTime());
        };
    }

    /** Marks the end of a virtual user of a phase (the phase ends with its last). */
    static Function<Session, Session> ended(String name) {
        return session -> {
            long now = System.currentTimeMillis();
            SPANS.merge(name, new Span(now, now), (a, b) -> new Span(a.start(), Math.max(a.end(), now)));
            return session;
        };
    }

    static boolean expired(Session session, Duration patience) {
        return System.nanoTime() - session.getLong("since") > patience.toNanos();
    }

    static Session greedyAnswered(int status, Session session) {
        GREEDY_ANSWERS.computeIfAbsent(status, s -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        return session;
    }

    /** The greedy client's answers by status. */
    static Map<Integer, Long> greedyAnswers() {
        Map<Integer, Long> answers = new java.util.TreeMap<>();
        GREEDY_ANSWERS.forEach((status, count) -> answers.put(status, count.get()));
        return answers;
    }

    static Session ingestEnded(String state, Session session) {
        return end(INGEST, state, session);
    }

    static Session reclassificationEnded(String state, Session session) {
        return end(RECLASSIFICATION, state, session);
    }

    private static Session end(String job, String state, Session session) {
        OUTCOMES.put(job, new Outcome(state, Duration.ofNanos(System.nanoTime() - session.getLong("since"))));
        return session;
    }

    /** Both write jobs have ended (the readers of their phase stop then). */
    static boolean writesOver() {
        return OUTCOMES.containsKey(INGEST) && OUTCOMES.containsKey(RECLASSIFICATION);
    }

    static Map<String, Span> spans() {
        return Map.copyOf(SPANS);
    }

    static Map<String, Outcome> outcomes() {
        return Map.copyOf(OUTCOMES);
    }
}
