package io.somining.ingest.messaging;

import io.somining.contracts.EventCodec;
import io.somining.contracts.EventIds;
import io.somining.contracts.PostKey;
import io.somining.contracts.QuestionUpserted;
import io.somining.platform.outbox.DeferredEvent;
import io.somining.platform.outbox.PayloadSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link QuestionUpserted} events are deferred: the outbox row names the question, and its payload is
 * read from the stored post when the event is published. A load then writes each body once, not a
 * second time as JSON in the outbox (which halved the speed of storing a dump). A write that changes
 * a stored post first writes the payloads of its still-pending events
 * ({@link io.somining.platform.outbox.OutboxWriter#writeDeferredPayloads}), so every event carries
 * the state its change stored.
 */
@ApplicationScoped
public class QuestionUpsertedPayloads implements PayloadSource {

    /** The deferred event announcing the stored state of a question; {@code dumpId} is the dump that stored it. */
    public static DeferredEvent event(String site, String dumpId, long postId) {
        return new DeferredEvent(PostKey.of(site, postId), QuestionUpserted.TYPE, EventIds.random(),
                site + '\t' + postId + '\t' + dumpId);
    }

    @Override
    public String eventType() {
        return QuestionUpserted.TYPE;
    }

    private record Ref(String site, long postId, String dumpId) {
        static Ref parse(String ref) {
            String[] fields = ref.split("\t", 3);
            if (fields.length != 3) {
                throw new IllegalStateException("not a question reference: '" + ref + "'");
            }
            return new Ref(fields[0], Long.parseLong(fields[1]), fields[2]);
        }
    }

    private record Stored(Instant creationDate, Long ownerUserId, String title, String body, List<String> tags,
            Long acceptedAnswerId, int answerCount, Instant closedDate) {
    }

    @Override
    public Map<Long, String> payloads(Connection connection, List<Pending> pending) throws SQLException {
        Map<String, List<Pending>> bySite = new LinkedHashMap<>();
        Map<Long, Ref> refs = new HashMap<>();
        for (Pending event : pending) {
            Ref ref = Ref.parse(event.ref());
            refs.put(event.rowId(), ref);
            bySite.computeIfAbsent(ref.site(), site -> new ArrayList<>()).add(event);
        }
        Map<Long, String> payloads = new HashMap<>();
        for (var site : bySite.entrySet()) {
            Map<Long, Stored> stored = read(connection, site.getKey(),
                    site.getValue().stream().map(p -> refs.get(p.rowId()).postId()).distinct().toList());
            for (Pending event : site.getValue()) {
                Ref ref = refs.get(event.rowId());
                Stored post = stored.get(ref.postId());
                if (post != null) {
                    payloads.put(event.rowId(), EventCodec.encode(new QuestionUpserted(event.eventId(),
                            QuestionUpserted.TYPE, QuestionUpserted.SCHEMA_VERSION, event.createdAt(), ref.site(),
                            ref.dumpId(), ref.postId(), post.creationDate(), post.ownerUserId(), post.title(),
                            post.body(), post.tags(), post.acceptedAnswerId(), post.answerCount(), post.closedDate())));
                }
            }
        }
        return payloads;
    }

    /**
     * The questions from the site's own partition: during the site's first load it is not attached
     * to post yet (readers do not see the site), while its events are already published.
     */
    private static Map<Long, Stored> read(Connection connection, String site, List<Long> ids) throws SQLException {
        String partition;
        try (PreparedStatement name = connection.prepareStatement("SELECT post_partition(?)")) {
            name.setString(1, site);
            try (ResultSet result = name.executeQuery()) {
                result.next();
                partition = result.getString(1);
            }
        }
        Map<Long, Stored> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, creation_date, owner_user_id, title, "
                + "body, tags, accepted_answer_id, answer_count, closed_date FROM \"" + partition
                + "\" WHERE site = ? AND id = ANY (?) AND post_type = 1")) {
            select.setString(1, site);
            select.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Integer answers = (Integer) row.getObject(8);
                    stored.put(row.getLong(1), new Stored(row.getTimestamp(2).toInstant(), (Long) row.getObject(3),
                            row.getString(4), row.getString(5), List.of((String[]) row.getArray(6).getArray()),
                            (Long) row.getObject(7), answers == null ? 0 : answers, instant(row.getTimestamp(9))));
                }
            }
        }
        return stored;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
