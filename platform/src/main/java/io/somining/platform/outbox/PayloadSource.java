package io.somining.platform.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the payloads of one type of {@link DeferredEvent}, from the state they report. A service
 * that appends deferred events provides one bean per such type.
 */
public interface PayloadSource {

    /** The event type whose payloads this writes. */
    String eventType();

    /**
     * The events of each pending row, by row id: one for a deferred event (with the row's key), as many
     * as its size for a batch, in the order they are to be published. Every pending row must get them.
     */
    Map<Long, List<Payload>> payloads(Connection connection, List<Pending> pending) throws SQLException;

    /** One event to publish: its key and its JSON. */
    record Payload(String key, String json) {

        /** A batch's events as one outbox payload: a line per event, its key, a tab, its JSON (which holds no line break). */
        static String lines(List<Payload> payloads) {
            StringBuilder lines = new StringBuilder();
            for (Payload payload : payloads) {
                if (payload.key().indexOf('\t') >= 0 || payload.key().indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("an event key with a tab or a line break: '" + payload.key() + "'");
                }
                lines.append(payload.key()).append('\t').append(payload.json()).append('\n');
            }
            return lines.toString();
        }

        static List<Payload> fromLines(String lines) {
            List<Payload> payloads = new ArrayList<>();
            int start = 0;
            while (start < lines.length()) {
                int tab = lines.indexOf('\t', start);
                int end = lines.indexOf('\n', tab);
                payloads.add(new Payload(lines.substring(start, tab), lines.substring(tab + 1, end)));
                start = end + 1;
            }
            return payloads;
        }
    }

    /**
     * A deferred event or batch waiting in the outbox; {@code createdAt} is its occurrence time,
     * {@code batchSize} null for one event.
     */
    record Pending(long rowId, String key, String eventId, Instant createdAt, String ref, Integer batchSize) {

        /** The outbox columns a pending event is read from, in the order {@link #read} expects them first. */
        static final String COLUMNS = "id, event_key, event_id, created_at, payload_ref, batch_size";

        static Pending read(ResultSet row) throws SQLException {
            return new Pending(row.getLong(1), row.getString(2), row.getString(3), row.getTimestamp(4).toInstant(),
                    row.getString(5), row.getObject(6, Integer.class));
        }

        /** How many events the row stands for. */
        public int events() {
            return batchSize == null ? 1 : batchSize;
        }
    }
}
