package io.somining.metrics.rest;

import java.util.List;
import java.util.Map;

/**
 * Events not yet consumed, per consumer group and topic. {@code drained} is true when every group has
 * consumed everything published so far (events still in a producer's outbox are not counted).
 */
public record LagView(boolean drained, List<Group> groups) {

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ConsumerGroupLag")
    public record Group(String group, Map<String, Long> lagPerTopic, long lag) {
    }
}
