package io.somining.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.contracts.EventIds;
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
import org.jboss.logging.Logger;

/**
 * Appends events to the outbox in the caller's transaction, so that an event exists exactly when
 * the state change it reports was committed. Rows go in with one COPY: bulk writers append
 * thousands of events per transaction.
 */
@ApplicationScoped
public class OutboxWriter {

    private static final Logger LOG = Logger.getLogger(OutboxWriter.class);

    private static final String TABLE = "outbox_event (topic, event_key, event_type, event_id, payload, batch_size)";
    private static final String DEFERRED_TABLE =
            "outbox_event (topic, event_key, event_type, event_id, payload_ref, batch_size)";
    /** Events whose payloads are written per statement: bounds the memory a batch's payloads take. */
    private static final int PAYLOAD_EVENTS_PER_STEP = 2_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DeferredPayloads deferredPayloads;

    /**
     * Appends on a connection the caller already holds, in its transaction. Consecutive events of one
     * type go in one row (up to 2,000), which the relay publishes as that many records in their order:
     * a bulk writer's outbox then holds a row per batch, not per event.
     */
    public void append(Connection connection, String topic, List<? extends Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(events.size() * 512);
        for (int from = 0; from < events.size();) {
            String type = events.get(from).eventType();
            int to = from + 1;
            while (to < events.size() && to - from < PAYLOAD_EVENTS_PER_STEP && events.get(to).eventType().equals(type)) {
                to++;
            }
            Event first = events.get(from);
            rows.text(topic).text(first.key()).text(type);
            if (to - from == 1) {
                rows.text(first.eventId()).text(EventCodec.encode(first)).int4(null).endRow();
            } else {
                rows.text(EventIds.random()).text(PayloadSource.Payload.lines(events.subList(from, to).stream()
                        .map(event -> new PayloadSource.Payload(event.key(), EventCodec.encode(event))).toList()))
                        .int4(to - from).endRow();
            }
            from = to;
        }
        CopyRows.copyInto(connection, TABLE, rows.encoded());
    }

    /**
     * Appends deferred events and batches (payloads written when published) on a connection the caller
     * holds, in its transaction.
     */
    public void appendDeferred(Connection connection, String topic, Collection<DeferredEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(events.size() * 128);
        for (DeferredEvent event : events) {
            rows.text(topic).text(event.key()).text(event.eventType()).text(event.eventId()).text(event.ref())
                    .int4(event.batchSize()).endRow();
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
        // a batch's payloads are written with its row, so that its events keep their place in the outbox
        int[] events = pending.stream().mapToInt(PayloadSource.Pending::events).toArray();
        for (int from = 0; from < pending.size();) {
            int to = DeferredPayloads.stepEnd(events, from, PAYLOAD_EVENTS_PER_STEP);
            List<PayloadSource.Pending> step = pending.subList(from, to);
            DeferredPayloads.Resolved payloads = deferredPayloads.payloads(connection, Map.of(eventType, step));
            try (PreparedStatement update = connection.prepareStatement("UPDATE outbox_event SET payload = ? WHERE id = ?")) {
                for (PayloadSource.Pending row : step) {
                    String unresolved = payloads.unresolved().get(row.rowId());
                    if (unresolved != null) {
                        // its state is gone: the relay dead-letters the row, as it would have anyway
                        LOG.warnf("Payload not written, left to the relay: %s", unresolved);
                        continue;
                    }
                    List<PayloadSource.Payload> written = payloads.events().get(row.rowId());
                    update.setString(1, row.batchSize() == null ? written.get(0).json() : PayloadSource.Payload.lines(written));
                    update.setLong(2, row.rowId());
                    update.addBatch();
                }
                update.executeBatch();
            }
            from = to;
        }
    }

    /** Appends within the current JTA transaction. */
    public void append(String topic, List<? extends Event> events) {
        try (Connection connection = dataSource.getConnection()) {
            append(connection, topic, events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + events.size() + " event(s) to the outbox", e);
        }
    }
}
