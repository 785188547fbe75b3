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
     * What the sources found for pending rows: the events of each row by row id (all it stands for, or
     * those that could still be built), and why each row that lacks some could not be resolved.
     */
    public record Resolved(Map<Long, List<PayloadSource.Payload>> events, Map<Long, String> unresolved) {
    }

    /**
     * The events of each pending row; a row whose source cannot build every event it stands for (the
     * state it reports is gone) is named in {@link Resolved#unresolved}. Fails when a type has no source.
     */
    public Resolved payloads(Connection connection, Map<String, List<PayloadSource.Pending>> pendingByType)
            throws SQLException {
        Map<Long, List<PayloadSource.Payload>> payloads = new HashMap<>();
        Map<Long, String> unresolved = new HashMap<>();
        for (var entry : pendingByType.entrySet()) {
            PayloadSource source = source(entry.getKey());
            Map<Long, List<PayloadSource.Payload>> found = source.payloads(connection, entry.getValue());
            for (PayloadSource.Pending pending : entry.getValue()) {
                List<PayloadSource.Payload> events = found.getOrDefault(pending.rowId(), List.of());
                if (events.size() != pending.events()) {
                    unresolved.put(pending.rowId(), "deferred " + entry.getKey() + " " + pending.eventId() + " (outbox row "
                            + pending.rowId() + ", ref '" + abbreviated(pending.ref()) + "') stands for "
                            + pending.events() + " event(s), its source found " + events.size());
                }
                payloads.put(pending.rowId(), events);
            }
        }
        return new Resolved(payloads, unresolved);
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
