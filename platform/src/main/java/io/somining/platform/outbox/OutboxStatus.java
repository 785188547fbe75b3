package io.somining.platform.outbox;

import java.time.Instant;

/**
 * What waits in a service's outbox and whether publishing is paused.
 *
 * @param pendingRows     outbox rows not yet published (a bulk load writes one row per stored batch)
 * @param pendingEvents   the events those rows stand for
 * @param oldestPendingAt when the oldest of them was written; null when nothing waits
 * @param deadRows        rows set aside because the state they report is gone ({@code outbox_dead_event})
 * @param pausedAt        when publishing was paused; null when it runs
 */
public record OutboxStatus(boolean paused, Instant pausedAt, String pausedBy, String reason, long pendingRows,
        long pendingEvents, Instant oldestPendingAt, long deadRows) {
}
