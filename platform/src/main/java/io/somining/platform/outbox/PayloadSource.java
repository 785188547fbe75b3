package io.somining.platform.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes the payloads of one type of {@link DeferredEvent}, from the state they report. A service
 * that appends deferred events provides one bean per such type.
 */
public interface PayloadSource {

    /** The event type whose payloads this writes. */
    String eventType();

    /** Payloads by outbox row id; every pending event must get one. */
    Map<Long, String> payloads(Connection connection, List<Pending> pending) throws SQLException;

    /** A deferred event waiting in the outbox; {@code createdAt} is its occurrence time. */
    record Pending(long rowId, String key, String eventId, Instant createdAt, String ref) {

        /** The outbox columns a pending event is read from, in the order {@link #read} expects them first. */
        static final String COLUMNS = "id, event_key, event_id, created_at, payload_ref";

        static Pending read(ResultSet row) throws SQLException {
            return new Pending(row.getLong(1), row.getString(2), row.getString(3), row.getTimestamp(4).toInstant(),
                    row.getString(5));
        }
    }
}
