package io.somining.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds the payloads of deferred outbox events through the service's {@link PayloadSource}s. */
@ApplicationScoped
public class DeferredPayloads {

    @Inject
    Instance<PayloadSource> sources;

    /**
     * The events of each pending row by row id; fails when a type has no source, or a row does not get
     * as many events as it stands for.
     */
    public Map<Long, List<PayloadSource.Payload>> payloads(Connection connection,
            Map<String, List<PayloadSource.Pending>> pendingByType) throws SQLException {
        Map<Long, List<PayloadSource.Payload>> payloads = new HashMap<>();
        for (var entry : pendingByType.entrySet()) {
            PayloadSource source = source(entry.getKey());
            Map<Long, List<PayloadSource.Payload>> found = source.payloads(connection, entry.getValue());
            for (PayloadSource.Pending pending : entry.getValue()) {
                List<PayloadSource.Payload> events = found.get(pending.rowId());
                int count = events == null ? 0 : events.size();
                if (count != pending.events()) {
                    throw new IllegalStateException("deferred " + entry.getKey() + " " + pending.eventId() + " (outbox row "
                            + pending.rowId() + ", ref '" + abbreviated(pending.ref()) + "') stands for "
                            + pending.events() + " event(s), its source found " + count);
                }
                payloads.put(pending.rowId(), events);
            }
        }
        return payloads;
    }

    /**
     * Where a step over outbox rows that starts at {@code from} ends (exclusive): as many rows as hold
     * at most {@code maxEvents} events, at least one, so that a step's payloads stay bounded in memory.
     */
    static int stepEnd(int[] events, int from, int maxEvents) {
        int end = from + 1;
        long total = events[from];
        while (end < events.length && total + events[end] <= maxEvents) {
            total += events[end++];
        }
        return end;
    }

    private static String abbreviated(String ref) {
        return ref.length() <= 200 ? ref : ref.substring(0, 200) + "...";
    }

    private PayloadSource source(String eventType) {
        return sources.stream().filter(source -> source.eventType().equals(eventType)).findFirst()
                .orElseThrow(() -> new IllegalStateException("deferred " + eventType + " events but no payload source for them"));
    }
}
