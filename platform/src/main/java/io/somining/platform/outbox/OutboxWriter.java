package io.somining.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.platform.sql.CopyRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Appends events to the outbox in the caller's transaction, so that an event exists exactly when
 * the state change it reports was committed. Rows go in with one COPY: bulk writers append
 * thousands of events per transaction.
 */
@ApplicationScoped
public class OutboxWriter {

    private static final String TABLE = "outbox_event (topic, event_key, event_type, event_id, payload)";

    @Inject
    AgroalDataSource dataSource;

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

    /** Appends within the current JTA transaction. */
    public void append(String topic, Collection<? extends Event> events) {
        try (Connection connection = dataSource.getConnection()) {
            append(connection, topic, events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + events.size() + " event(s) to the outbox", e);
        }
    }
}
