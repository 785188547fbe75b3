package io.somining.examples.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows so.classifications from the start and keeps one study's set membership.
 *
 * <pre>java -cp ... io.somining.examples.subscriber.ClassificationSubscriber 127.0.0.1:19092 fse2020</pre>
 *
 * A new subscriber gets the current state by reading the compacted topic from its beginning: compaction keeps at
 * least the latest event of every question, which is all this program needs. It prints the sets once it has read
 * up to the end, then every change as it comes.
 */
public final class ClassificationSubscriber implements AutoCloseable {

    static final String TOPIC = "so.classifications";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final SetMembership membership;
    private long skipped;

    public ClassificationSubscriber(String bootstrapServers, String studyId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // a group of its own, so it reads everything from the start and never takes a partition from someone else
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "example-subscriber-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(TOPIC));
        membership = new SetMembership(studyId);
    }

    /** Reads until every partition's end as it was when called (or the timeout); answers whether it got there. */
    public boolean catchUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> end = null;
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
            if (end == null && !consumer.assignment().isEmpty()) {
                end = consumer.endOffsets(consumer.assignment());
            }
            if (end != null && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Applies what one poll brings; answers how many of the study's events it applied. */
    public int poll(Duration wait) {
        int applied = 0;
        for (ConsumerRecord<String, String> record : consumer.poll(wait)) {
            if (record.value() == null) {
                continue; // a tombstone: nothing of a question to apply
            }
            try {
                if (membership.apply(JSON.readTree(record.value()))) {
                    applied++;
                }
            } catch (IOException notJson) {
                skipped++; // a subscriber keeps going; the suite's own consumers dead-letter such records
            }
        }
        return applied;
    }

    public SetMembership membership() {
        return membership;
    }

    public long skipped() {
        return skipped;
    }

    @Override
    public void close() {
        consumer.close();
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ClassificationSubscriber <bootstrap servers> <study id>");
            System.exit(2);
        }
        try (ClassificationSubscriber subscriber = new ClassificationSubscriber(args[0], args[1])) {
            if (!subscriber.catchUp(Duration.ofMinutes(10))) {
                System.err.println("not caught up after 10 minutes; going on");
            }
            print(subscriber);
            while (true) {
                if (subscriber.poll(Duration.ofSeconds(1)) > 0) {
                    print(subscriber);
                }
            }
        }
    }

    private static void print(ClassificationSubscriber subscriber) {
        System.out.println("study version " + subscriber.membership().studyVersion());
        subscriber.membership().members().forEach((set, questions) -> System.out.println("  " + set + ": " + questions.size()));
    }
}
