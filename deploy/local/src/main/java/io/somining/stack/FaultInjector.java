package io.somining.stack;

import io.somining.contracts.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Injects seeded faults into a running local stack, one at a time, and measures how long the suite takes to be ready
 * again after each: {@code kill -9} of every service, of the broker and of PostgreSQL (each then started again),
 * SIGSTOP of the broker and of PostgreSQL (then SIGCONT), and poison records written into every topic the services
 * consume. The faults come in seeded shuffled cycles, each fault once per cycle, with seeded gaps between them.
 */
final class FaultInjector {

    static final List<String> KILLED = List.of("ingest", "classifier", "metrics", "taxonomy", "gateway", "kafka", "postgres");
    static final List<String> FROZEN = List.of("kafka", "postgres");
    /** The topics the services consume, each poisoned with every kind of {@link #poisonValues}. */
    static final List<String> POISONED = List.of(Topics.QUESTIONS, Topics.CLASSIFICATIONS, Topics.TAXONOMY);
    private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(5);

    /**
     * One fault and how the suite came back from it.
     *
     * @param recovery from the end of the fault (the component started again, or thawed) until every service answered
     *                 ready; null for poison, which stops nothing, and when it never did within the limit
     */
    record Fault(String kind, String component, Duration at, Duration length, Duration recovery, boolean recovered) {
    }

    /** A poison record as written: where it is, and what kind of poison it was. */
    record Poison(String topic, int partition, long offset, String kind) {
    }

    private final LocalStack stack;
    private final SplittableRandom random;
    private final Duration shortestFreeze;
    private final Duration longestFreeze;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final List<Poison> poison = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopping;
    private volatile boolean aborted;
    private Thread thread;

    FaultInjector(LocalStack stack, long seed, Duration shortestFreeze, Duration longestFreeze, PrintStream out) {
        this.stack = stack;
        this.random = new SplittableRandom(seed);
        this.shortestFreeze = shortestFreeze;
        this.longestFreeze = longestFreeze;
        this.out = out;
    }

    /** Starts injecting, in cycles, until {@link #finish} is called and the cycle under way is complete. */
    void start() {
        thread = new Thread(this::cycles, "fault-injector");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the cycle under way is complete (every kind of fault injected at least once). */
    void finish() throws InterruptedException {
        stopping = true;
        thread.join();
    }

    /**
     * Stops at once, between faults (a fault under way ends with its component started again or thawed): the run
     * failed, or was interrupted, and its stack is about to be stopped.
     */
    void abort() {
        stopping = true;
        aborted = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofMinutes(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    List<Fault> faults() {
        return List.copyOf(faults);
    }

    List<Poison> poison() {
        return List.copyOf(poison);
    }

    private void cycles() {
        do {
            List<String> cycle = new ArrayList<>();
            KILLED.forEach(component -> cycle.add("kill:" + component));
            FROZEN.forEach(component -> cycle.add("freeze:" + component));
            cycle.add("poison:topics");
            shuffle(cycle);
            for (String fault : cycle) {
                try {
                    Thread.sleep(2000 + random.nextInt(8000));
                } catch (InterruptedException e) {
                    return;
                }
                if (aborted) {
                    return;
                }
                String[] parts = fault.split(":");
                try {
                    switch (parts[0]) {
                        case "kill" -> kill(parts[1]);
                        case "freeze" -> freeze(parts[1]);
                        default -> poisonTopics();
                    }
                } catch (RuntimeException e) {
                    if (aborted) {
                        return;
                    }
                    out.println("  fault " + fault + " could not be completed: " + e.getMessage());
                    faults.add(new Fault(parts[0], parts[1], since(started), Duration.ZERO, null, false));
                }
            }
        } while (!stopping);
    }

    /** Crashes a component, starts it again after 1-5 s, and waits until every service is ready. */
    void kill(String component) {
        oneAtATime.lock();
        try {
            Duration at = since(started);
            long begun = System.nanoTime();
            stack.crash(component);
            Waits.sleep(1000 + random.nextInt(4000));
            Duration length = since(begun);
            long restarted = System.nanoTime();
            record(new Fault("kill -9", component, at, length, null, false), restarted, () -> stack.start(component));
        } finally {
            oneAtATime.unlock();
        }
    }

    private void freeze(String component) {
        oneAtATime.lock();
        try {
            Duration at = since(started);
            long span = shortestFreeze.toMillis() + random.nextLong(longestFreeze.toMillis() - shortestFreeze.toMillis() + 1);
            List<ProcessHandle> frozen = stack.freeze(component);
            try {
                Waits.sleep(span);
            } finally {
                stack.thaw(frozen);
            }
            record(new Fault("SIGSTOP", component, at, Duration.ofMillis(span), null, false), System.nanoTime(), () -> {
            });
        } finally {
            oneAtATime.unlock();
        }
    }

    private void record(Fault fault, long endedAt, Runnable restore) {
        boolean recovered;
        try {
            restore.run();
            recovered = awaitEveryServiceReady(endedAt);
        } catch (StackException e) {
            out.println("  " + fault.component() + " did not come back: " + e.getMessage().lines().findFirst().orElse(""));
            recovered = false;
        }
        Fault done = new Fault(fault.kind(), fault.component(), fault.at(), fault.length(),
                recovered ? since(endedAt) : null, recovered);
        faults.add(done);
        out.printf("  %6.1f s  %-8s %-10s %5.1f s long, %s%n", done.at().toMillis() / 1000.0, done.kind(), done.component(),
                done.length().toMillis() / 1000.0, recovered
                        ? String.format("every service ready %.1f s after", done.recovery().toMillis() / 1000.0)
                        : "NOT recovered within " + RECOVERY_LIMIT.toMinutes() + " min");
    }

    private boolean awaitEveryServiceReady(long from) {
        long deadline = from + RECOVERY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (everyServiceReady(stack.settings())) {
                return true;
            }
            Waits.sleep(200);
        }
        return false;
    }

    /** Whether every service answers ready now. */
    static boolean everyServiceReady(StackSettings settings) {
        return StackSettings.SERVICES.stream().allMatch(service -> Waits.httpOk(settings.serviceUrl(service) + "/q/health/ready"));
    }

    /** Every kind of poison into every consumed topic, through a producer of its own (no service writes them). */
    void poisonTopics() {
        oneAtATime.lock();
        try {
            Duration at = since(started);
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.settings().kafkaBootstrap());
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (String topic : POISONED) {
                    for (String[] kind : poisonValues(topic)) {
                        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "chaos-poison/" + kind[0] + "/"
                                + random.nextInt(1_000_000), kind[2].getBytes(StandardCharsets.UTF_8));
                        record.headers().add("event-type", kind[1].getBytes(StandardCharsets.UTF_8));
                        RecordMetadata written = producer.send(record).get();
                        poison.add(new Poison(topic, written.partition(), written.offset(), kind[0]));
                    }
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new StackException("cannot write poison records: " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while writing poison records");
            }
            faults.add(new Fault("poison", "topics", at, since(System.nanoTime()), null, true));
            out.printf("  %6.1f s  poison   %d records into %s%n", at.toMillis() / 1000.0,
                    POISONED.size() * poisonValues(Topics.QUESTIONS).size(), POISONED);
        } finally {
            oneAtATime.unlock();
        }
    }

    /** {kind, event-type header, value}: not JSON, an unknown type, a field of the wrong type, a huge record lacking fields. */
    private static List<String[]> poisonValues(String topic) {
        String type = switch (topic) {
            case Topics.QUESTIONS -> "QuestionUpserted";
            case Topics.CLASSIFICATIONS -> "QuestionClassified";
            default -> "LabelFinalized";
        };
        String header = "{\"eventId\":\"00000000-0000-4000-8000-00000000c4a0\",\"eventType\":\"" + type
                + "\",\"schemaVersion\":1,\"occurredAt\":\"2024-01-01T00:00:00Z\",\"site\":\"" + ChaosDumps.SITE + "\"";
        return List.of(
                new String[] { "not JSON", type, "this is not JSON {" },
                new String[] { "unknown type", "NoSuchEvent", header.replace(type, "NoSuchEvent") + "}" },
                new String[] { "wrong field type", type, header + ",\"postId\":\"not a number\",\"studyVersion\":\"one\"}" },
                // well-formed, its type known, 600 KB, but without the fields every event of the type has
                new String[] { "huge", type, header + ",\"padding\":\"" + "x".repeat(600_000) + "\"}" });
    }

    private void shuffle(List<String> cycle) {
        for (int i = cycle.size() - 1; i > 0; i--) {
            Collections.swap(cycle, i, random.nextInt(i + 1));
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
