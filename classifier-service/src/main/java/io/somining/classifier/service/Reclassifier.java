package io.somining.classifier.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.somining.classifier.repository.Reclassification;
import io.somining.classifier.repository.StudyVersion;
import io.somining.classifier.study.CompiledStudy;
import io.somining.classifier.study.StudyParser;
import io.somining.contracts.Topics;
import io.somining.platform.messaging.EventRecords;
import io.somining.platform.migration.DatabaseMigrator;
import io.somining.platform.retry.UntilDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reclassifies every ingested question when a study version is published, by replaying the
 * question topic (kept forever) from its start up to the offsets it had when the version was
 * published; later events reach the live consumer, which already uses the new version. Progress is
 * committed with each batch, so a stopped service resumes the replay where it was. The store ignores
 * a result computed from an older question event than the stored one, so replay and live consumer
 * cannot undo each other.
 */
@ApplicationScoped
public class Reclassifier {

    private static final Logger LOG = Logger.getLogger(Reclassifier.class);

    @Inject
    ClassificationService classifier;

    @Inject
    DatabaseMigrator migrator;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "reclassifier");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        executor.submit(() -> {
            try {
                migrator.awaitMigrated();
                for (Reclassification pending : QuarkusTransaction.requiringNew().call(Reclassification::running)) {
                    run(pending.studyId, pending.toVersion);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        executor.shutdownNow();
    }

    void onPublished(@Observes StudyCatalog.StudyPublished published) {
        Map<Integer, Long> end;
        Map<Integer, Long> start;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            end = byPartition(consumer.endOffsets(partitions));
            start = byPartition(consumer.beginningOffsets(partitions));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Reclassification replay = new Reclassification();
            replay.studyId = published.studyId();
            replay.fromVersion = published.fromVersion();
            replay.toVersion = published.toVersion();
            replay.state = Reclassification.State.RUNNING.name();
            replay.endOffsets = Reclassification.offsets(end);
            replay.nextOffsets = Reclassification.offsets(start);
            replay.startedAt = Instant.now();
            replay.persist();
        });
        executor.submit(() -> run(published.studyId(), published.toVersion()));
    }

    private void run(String studyId, int version) {
        Reclassification replay = QuarkusTransaction.requiringNew()
                .call(() -> Reclassification.findById(new Reclassification.Key(studyId, version)));
        CompiledStudy study = QuarkusTransaction.requiringNew().call(() -> new CompiledStudy(StudyParser.parse(
                StudyVersion.<StudyVersion>findById(new StudyVersion.Key(studyId, version)).document)));
        Map<Integer, Long> end = Reclassification.offsets(replay.endOffsets);
        Map<Integer, Long> next = new HashMap<>(Reclassification.offsets(replay.nextOffsets));
        LOG.infof("Reclassifying %s version %d: replaying %s up to offsets %s", studyId, version, Topics.QUESTIONS, end);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            end.keySet().forEach(p -> partitions.add(new TopicPartition(Topics.QUESTIONS, p)));
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, next.getOrDefault(p.partition(), 0L)));
            while (!stopping && !reached(next, end)) {
                if (superseded(studyId, version)) {
                    finish(studyId, version, Reclassification.State.SUPERSEDED);
                    LOG.infof("Reclassification of %s version %d superseded by a newer version", studyId, version);
                    return;
                }
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofSeconds(1));
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : polled) {
                    if (record.offset() < end.get(record.partition())) {
                        records.add(record);
                    }
                }
                for (TopicPartition partition : polled.partitions()) {
                    next.put(partition.partition(), Math.min(consumer.position(partition), end.get(partition.partition())));
                }
                EventRecords.Decoded decoded = EventRecords.decode(records);
                // every record a replay reads is below the end offsets taken when the version was published: the
                // live consumer reads it too, decoded alike, and sets it aside if unreadable (for the dead-letter
                // topic's retention); setting it aside here as well put one more copy there per version published
                // (29 copies in a 30-minute chaos run)
                if (!decoded.unreadable().isEmpty()) {
                    LOG.infof("Reclassifying %s version %d: %d unreadable record(s) skipped (set aside by the live consumer)",
                            studyId, version, decoded.unreadable().size());
                }
                String offsets = Reclassification.offsets(next);
                UntilDone.run("reclassifying " + records.size() + " event(s)", () -> QuarkusTransaction.requiringNew().run(() -> {
                    ClassificationService.Outcome outcome = classifier.classify(study, decoded.events());
                    Reclassification progress = Reclassification.findById(new Reclassification.Key(studyId, version));
                    progress.nextOffsets = offsets;
                    progress.questions += decoded.events().size();
                    progress.published += outcome.published();
                    progress.changed += outcome.changed();
                }));
            }
            if (!stopping) {
                finish(studyId, version, Reclassification.State.DONE);
                LOG.infof("Reclassified %s version %d", studyId, version);
            }
        } catch (RuntimeException e) {
            // the replay stays RUNNING and resumes from its last committed batch on the next start
            LOG.errorf(e, "Reclassification of %s version %d stopped", studyId, version);
        }
    }

    private static boolean reached(Map<Integer, Long> next, Map<Integer, Long> end) {
        return end.entrySet().stream().allMatch(e -> next.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static boolean superseded(String studyId, int version) {
        return QuarkusTransaction.requiringNew().call(() -> StudyVersion.latestVersion(studyId) > version);
    }

    private static void finish(String studyId, int version, Reclassification.State state) {
        QuarkusTransaction.requiringNew().run(() -> {
            Reclassification replay = Reclassification.findById(new Reclassification.Key(studyId, version));
            replay.state = state.name();
            replay.finishedAt = Instant.now();
        });
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        return consumer.partitionsFor(Topics.QUESTIONS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((partition, offset) -> result.put(partition.partition(), offset));
        return result;
    }

    /** A consumer of its own, outside the live consumer's group: it reads by position, commits nothing to Kafka. */
    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.keySet().removeIf(key -> key.startsWith("group.") || key.contains("serializer"));
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // bytes, as the live consumer reads them: both find the same records unreadable
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "classifier-reclassifier");
        return new KafkaConsumer<>(settings);
    }
}
