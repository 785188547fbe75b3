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

    /** Payloads by outbox row id, one per pending event; fails when a type has no source or an event no payload. */
    public Map<Long, String> payloads(Connection connection, Map<String, List<PayloadSource.Pending>> pendingByType)
            throws SQLException {
        Map<Long, String> payloads = new HashMap<>();
        for (var entry : pendingByType.entrySet()) {
            PayloadSource source = source(entry.getKey());
            Map<Long, String> found = source.payloads(connection, entry.getValue());
            for (PayloadSource.Pending pending : entry.getValue()) {
                String payload = found.get(pending.rowId());
                if (payload == null) {
                    throw new IllegalStateException("no payload for deferred " + entry.getKey() + " " + pending.eventId()
                            + " (outbox row " + pending.rowId() + ", ref '" + pending.ref() + "')");
                }
                payloads.put(pending.rowId(), payload);
            }
        }
        return payloads;
    }

    private PayloadSource source(String eventType) {
        return sources.stream().filter(source -> source.eventType().equals(eventType)).findFirst()
                .orElseThrow(() -> new IllegalStateException("deferred " + eventType + " events but no payload source for them"));
    }
}
