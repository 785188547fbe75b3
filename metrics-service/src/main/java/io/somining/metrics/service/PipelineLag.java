package io.somining.metrics.service;

import io.smallrye.common.annotation.Identifier;
import io.somining.contracts.Topics;
import io.somining.metrics.rest.LagView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How far every consumer group of the suite is behind the end of the topics it reads: a dashboard
 * knows the figures are final when nothing is left to consume.
 */
@ApplicationScoped
public class PipelineLag {

    private static final long TIMEOUT_SECONDS = 10;
    private static final java.util.Set<String> SUITE_GROUPS = Topics.ALL.stream()
            .flatMap(topic -> topic.consumerGroups().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** The topics whose events become the metrics' facts and memberships, and the suite's groups that read them. */
    private static final java.util.Set<String> FEEDING_TOPICS = java.util.Set.of(Topics.QUESTIONS, Topics.CLASSIFICATIONS);
    private static final List<String> FEEDING_GROUPS = Topics.ALL.stream()
            .filter(topic -> FEEDING_TOPICS.contains(topic.name()))
            .flatMap(topic -> topic.consumerGroups().stream()).distinct().sorted().toList();

    @Inject
    io.somining.metrics.repository.AggregateBacklog backlog;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    public LagView lag() {
        try (Admin admin = admin()) {
            Map<String, Map<String, Long>> lagPerTopic = lagPerTopic(admin);
            List<LagView.Group> groups = new ArrayList<>();
            lagPerTopic.forEach((group, perTopic) -> groups.add(new LagView.Group(group, perTopic,
                    perTopic.values().stream().mapToLong(Long::longValue).sum(), SUITE_GROUPS.contains(group))));
            return new LagView(groups.stream().filter(LagView.Group::suite).allMatch(g -> g.lag() == 0), groups,
                    backlog.waiting());
        } catch (ExecutionException | TimeoutException e) {
            throw new ServiceUnavailableException("the broker cannot say the consumers' lag: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while reading the consumers' lag");
        }
    }

    /**
     * The suite's groups that have a running member and events left to read on the topics whose events become the
     * metrics' rows. A stopped group is not waited for: it may never come back, and its events would be counted row by
     * row when it does.
     */
    public List<String> feedingGroupsBehind() throws ExecutionException, TimeoutException, InterruptedException {
        try (Admin admin = admin()) {
            Map<String, Map<String, Long>> lagPerTopic = lagPerTopic(admin);
            List<String> behind = FEEDING_GROUPS.stream().filter(group -> lagPerTopic.getOrDefault(group, Map.of())
                    .entrySet().stream().anyMatch(lag -> FEEDING_TOPICS.contains(lag.getKey()) && lag.getValue() > 0))
                    .toList();
            if (behind.isEmpty()) {
                return behind;
            }
            List<String> running = new ArrayList<>();
            for (var described : admin.describeConsumerGroups(behind).describedGroups().entrySet()) {
                try {
                    if (!described.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).members().isEmpty()) {
                        running.add(described.getKey());
                    }
                } catch (ExecutionException e) {
                    // a group that never committed may not exist at all: nobody runs in it
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
            }
            return running;
        }
    }

    private Admin admin() {
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "metrics-lag");
        return Admin.create(settings);
    }

    /** Per consumer group (the suite's and any subscriber's), the events left to read per topic. */
    private Map<String, Map<String, Long>> lagPerTopic(Admin admin)
            throws ExecutionException, TimeoutException, InterruptedException {
        // the partitions the broker has (a deployment may have more than Topics declares, the prod overlay has)
        Map<String, Integer> partitionCounts = new HashMap<>();
        admin.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name).toList()).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((topic, description) -> partitionCounts.put(topic, description.partitions().size()));
        Map<String, List<TopicPartition>> expected = new TreeMap<>();
        Topics.ALL.forEach(topic -> topic.consumerGroups().forEach(group -> {
            for (int partition = 0; partition < partitionCounts.getOrDefault(topic.name(), 0); partition++) {
                expected.computeIfAbsent(group, g -> new ArrayList<>()).add(new TopicPartition(topic.name(), partition));
            }
        }));
        Map<String, Map<TopicPartition, Long>> positions = new TreeMap<>();
        for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(listing.groupId()).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> committed.put(partition, offset == null ? null : offset.offset()));
            positions.put(listing.groupId(), committed);
        }
        // a suite group reads every partition of its topics from the start (auto.offset.reset=earliest): one that
        // has committed nothing on a partition yet (just started, or deleted to rebuild its projection) still has
        // that partition to read, from the log's start
        expected.forEach((group, partitions) -> partitions.forEach(
                partition -> positions.computeIfAbsent(group, g -> new HashMap<>()).putIfAbsent(partition, null)));
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        positions.values().forEach(committed -> committed.forEach((partition, offset) -> {
            ends.put(partition, OffsetSpec.latest());
            starts.put(partition, OffsetSpec.earliest());
        }));
        var end = admin.listOffsets(ends).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        var start = admin.listOffsets(starts).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, Map<String, Long>> lag = new TreeMap<>();
        positions.forEach((group, committed) -> {
            Map<String, Long> perTopic = new TreeMap<>();
            // an offset behind the log's start (records deleted by retention) reads from the start
            committed.forEach((partition, offset) -> perTopic.merge(partition.topic(), Math.max(0,
                    end.get(partition).offset() - Math.max(start.get(partition).offset(), offset == null ? 0 : offset)),
                    Long::sum));
            lag.put(group, perTopic);
        });
        return lag;
    }
}
