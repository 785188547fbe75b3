package io.somining.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Appends events to the outbox in the caller's transaction, so that an event exists exactly when
 * the state change it reports was committed.
 */
@ApplicationScoped
public class OutboxWriter {

    private static final String INSERT =
            "INSERT INTO outbox_event (topic, event_key, event_type, event_id, payload) VALUES (?, ?, ?, ?, ?)";

    @Inject
    AgroalDataSource dataSource;

    /** Appends on a connection the caller already holds (bulk writers batch their own statements on it). */
    public void append(Connection connection, String topic, Collection<? extends Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Event event : events) {
                insert.setString(1, topic);
                insert.setString(2, event.key());
                insert.setString(3, event.eventType());
                insert.setString(4, event.eventId());
                insert.setString(5, EventCodec.encode(event));
                insert.addBatch();
            }
            insert.executeBatch();
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
