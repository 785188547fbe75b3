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

/**
 * How far every consumer group of the suite is behind the end of the topics it reads: a dashboard
 * knows the figures are final when nothing is left to consume.
 */
@ApplicationScoped
public class PipelineLag {

    private static final long TIMEOUT_SECONDS = 10;
    private static final java.util.Set<String> SUITE_GROUPS = Topics.ALL.stream()
            .flatMap(topic -> topic.consumerGroups().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    @Inject
    io.somining.metrics.repository.AggregateBacklog backlog;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    public LagView lag() {
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "metrics-lag");
        try (Admin admin = Admin.create(settings)) {
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
            List<LagView.Group> groups = new ArrayList<>();
            positions.forEach((group, committed) -> {
                Map<String, Long> perTopic = new TreeMap<>();
                // an offset behind the log's start (records deleted by retention) reads from the start
                committed.forEach((partition, offset) -> perTopic.merge(partition.topic(), Math.max(0,
                        end.get(partition).offset() - Math.max(start.get(partition).offset(), offset == null ? 0 : offset)),
                        Long::sum));
                groups.add(new LagView.Group(group, perTopic, perTopic.values().stream().mapToLong(Long::longValue).sum(),
                        SUITE_GROUPS.contains(group)));
            });
            return new LagView(groups.stream().filter(LagView.Group::suite).allMatch(g -> g.lag() == 0), groups,
                    backlog.waiting());
        } catch (ExecutionException | TimeoutException e) {
            throw new ServiceUnavailableException("the broker cannot say the consumers' lag: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while reading the consumers' lag");
        }
    }
}
