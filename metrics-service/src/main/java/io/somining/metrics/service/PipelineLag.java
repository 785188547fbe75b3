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
            List<LagView.Group> groups = new ArrayList<>();
            for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(listing.groupId())
                        .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Map<String, Long> perTopic = new TreeMap<>();
                committed.forEach((partition, offset) -> perTopic.merge(partition.topic(),
                        Math.max(0, ends.get(partition).offset() - (offset == null ? 0 : offset.offset())), Long::sum));
                groups.add(new LagView.Group(listing.groupId(), perTopic,
                        perTopic.values().stream().mapToLong(Long::longValue).sum(), SUITE_GROUPS.contains(listing.groupId())));
            }
            groups.sort(java.util.Comparator.comparing(LagView.Group::group));
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
