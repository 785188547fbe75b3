package io.somining.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.platform.sql.CopyRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Appends events to the outbox in the caller's transaction, so that an event exists exactly when
 * the state change it reports was committed. Rows go in with one COPY: bulk writers append
 * thousands of events per transaction.
 */
@ApplicationScoped
public class OutboxWriter {

    private static final String TABLE = "outbox_event (topic, event_key, event_type, event_id, payload)";
    private static final String DEFERRED_TABLE = "outbox_event (topic, event_key, event_type, event_id, payload_ref)";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DeferredPayloads deferredPayloads;

    /** Appends on a connection the caller already holds, in its transaction. */
    public void append(Connection connection, String topic, Collection<? extends Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(events.size() * 512);
        for (Event event : events) {
            rows.text(topic).text(event.key()).text(event.eventType()).text(event.eventId())
                    .text(EventCodec.encode(event)).endRow();
        }
        CopyRows.copyInto(connection, TABLE, rows.encoded());
    }

    /** Appends deferred events (payload written when published) on a connection the caller holds, in its transaction. */
    public void appendDeferred(Connection connection, String topic, Collection<DeferredEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(events.size() * 128);
        for (DeferredEvent event : events) {
            rows.text(topic).text(event.key()).text(event.eventType()).text(event.eventId()).text(event.ref()).endRow();
        }
        CopyRows.copyInto(connection, DEFERRED_TABLE, rows.encoded());
    }

    /**
     * Writes now the payloads of the deferred events of this type and these keys still waiting in the
     * outbox. Call it before changing the state they report, in the same transaction: they then carry
     * the state they were appended with. A relay publishing them meanwhile holds their rows; this waits.
     */
    public void writeDeferredPayloads(Connection connection, String eventType, Collection<String> keys)
            throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        List<PayloadSource.Pending> pending = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + PayloadSource.Pending.COLUMNS
                + " FROM outbox_event WHERE payload IS NULL AND event_type = ? AND event_key = ANY (?) ORDER BY id FOR UPDATE")) {
            select.setString(1, eventType);
            select.setArray(2, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.add(PayloadSource.Pending.read(rows));
                }
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        Map<Long, String> payloads = deferredPayloads.payloads(connection, Map.of(eventType, pending));
        try (PreparedStatement update = connection.prepareStatement("UPDATE outbox_event SET payload = ? WHERE id = ?")) {
            for (var entry : payloads.entrySet()) {
                update.setString(1, entry.getValue());
                update.setLong(2, entry.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Appends within the current JTA transaction. */
    public void append(String topic, Collection<? extends Event> events) {
        try (Connection connection = dataSource.getConnection()) {
            append(connection, topic, events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + events.size() + " event(s) to the outbox", e);
        }
    }
}
