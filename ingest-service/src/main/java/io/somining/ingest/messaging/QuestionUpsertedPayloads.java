package io.somining.ingest.messaging;

import io.somining.contracts.EventCodec;
import io.somining.contracts.EventIds;
import io.somining.contracts.PostKey;
import io.somining.contracts.QuestionUpserted;
import io.somining.platform.outbox.DeferredEvent;
import io.somining.platform.outbox.PayloadSource;
import io.somining.ingest.repository.PostStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
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

    @Inject
    PostStore posts;

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
            Map<Long, PostStore.StoredQuestion> stored = posts.storedQuestions(connection, site.getKey(),
                    site.getValue().stream().map(p -> refs.get(p.rowId()).postId()).distinct().toList());
            for (Pending event : site.getValue()) {
                Ref ref = refs.get(event.rowId());
                PostStore.StoredQuestion question = stored.get(ref.postId());
                if (question != null) {
                    payloads.put(event.rowId(), EventCodec.encode(new QuestionUpserted(event.eventId(),
                            QuestionUpserted.TYPE, QuestionUpserted.SCHEMA_VERSION, event.createdAt(), ref.site(),
                            ref.dumpId(), ref.postId(), question.creationDate(), question.ownerUserId(),
                            question.title(), question.body(), question.tags(), question.acceptedAnswerId(),
                            question.answerCount(), question.closedDate())));
                }
            }
        }
        return payloads;
    }
}
