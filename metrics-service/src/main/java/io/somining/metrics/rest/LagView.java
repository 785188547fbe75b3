package io.somining.metrics.rest;

import java.util.List;
import java.util.Map;

/**
 * Events not yet consumed, per consumer group and topic. {@code drained} is true when every group of the
 * suite has consumed everything published so far (events still in a producer's outbox are not counted); a
 * subscriber's own group is listed but does not hold it back (one that stopped reading would, forever).
 * {@code aggregating} lists the sites whose figures wait for their count from scratch (a backlog was consumed):
 * the figures are final when drained and none does.
 */
public record LagView(boolean drained, List<Group> groups, List<String> aggregating) {

    /** @param suite whether the group is one of the suite's services' (else a subscriber's) */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ConsumerGroupLag")
    public record Group(String group, Map<String, Long> lagPerTopic, long lag, boolean suite) {
    }

    /** What the suite's own groups have left to consume. */
    public long suiteLag() {
        return groups.stream().filter(Group::suite).mapToLong(Group::lag).sum();
    }
}
