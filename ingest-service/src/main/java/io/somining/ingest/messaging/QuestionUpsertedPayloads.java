package io.somining.ingest.messaging;

import io.somining.contracts.EventCodec;
import io.somining.contracts.EventIds;
import io.somining.contracts.PostKey;
import io.somining.contracts.QuestionUpserted;
import io.somining.platform.outbox.DeferredEvent;
import io.somining.platform.outbox.PayloadSource;
import io.somining.ingest.parse.PostRow;
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
 * second time as JSON in the outbox (which halved the speed of storing a dump). A site's first load
 * appends one batch per stored batch of posts, which stands for an event per question it stored. A
 * write that changes a stored post first writes the payloads of its still-pending events and of the
 * site's pending batches ({@link io.somining.platform.outbox.OutboxWriter#writeDeferredPayloads}, with
 * {@link #pendingKeys}), so every event carries the state its change stored.
 */
@ApplicationScoped
public class QuestionUpsertedPayloads implements PayloadSource {

    /** Characters of titles and bodies kept for questions just stored, at most: ~2 s of events of a first load. */
    static final long REMEMBERED_CHARS = 32L << 20;

    @Inject
    PostStore posts;

    /*
     * A first load's questions as just stored, by site then id, oldest first: the relay publishes a
     * batch's events seconds after it is stored, and reading them back from PostgreSQL took ~2.3 CPU-s
     * of its backend per GB of dump (the pages, written through COPY's ring, are no longer in shared
     * buffers). Each entry is exactly what storedQuestions would read, as long as nothing else writes the
     * post, which holds while the site's first load copies into its own partition: the merging path,
     * which may rewrite posts, forgets the site first. A miss (not kept, another replica, a restart)
     * reads the database.
     */
    private final Map<String, LinkedHashMap<Long, PostStore.StoredQuestion>> remembered = new HashMap<>();
    private long rememberedChars;

    /** The deferred event announcing the stored state of a question; {@code dumpId} is the dump that stored it. */
    public static DeferredEvent event(String site, String dumpId, long postId) {
        return new DeferredEvent(PostKey.of(site, postId), QuestionUpserted.TYPE, EventIds.random(),
                site + '\t' + postId + '\t' + dumpId);
    }

    /** One deferred row standing for the events of these stored questions, published in this order. */
    public static DeferredEvent batch(String site, String dumpId, List<Long> postIds) {
        StringBuilder ref = new StringBuilder(site).append('\t').append(dumpId).append('\t');
        for (int i = 0; i < postIds.size(); i++) {
            ref.append(i == 0 ? "" : ",").append(postIds.get(i));
        }
        return new DeferredEvent(batchKey(site), QuestionUpserted.TYPE, EventIds.random(), ref.toString(),
                postIds.size());
    }

    /** The keys of the pending rows a write that changes these questions of the site must write the payloads of. */
    public static List<String> pendingKeys(String site, List<String> questionKeys) {
        List<String> keys = new ArrayList<>(questionKeys);
        keys.add(batchKey(site));
        return keys;
    }

    /** The key a site's batches are found by; no post has it. */
    private static String batchKey(String site) {
        return site + "/*";
    }

    @Override
    public String eventType() {
        return QuestionUpserted.TYPE;
    }

    /** The questions a pending row reports, the dump that stored them, and the key and id of each one's event. */
    private record Ref(String site, String dumpId, List<Long> postIds, Pending pending) {

        static Ref of(Pending pending) {
            String[] fields = pending.ref().split("\t", 3);
            if (fields.length != 3) {
                throw new IllegalStateException("not a question reference: '" + pending.ref() + "'");
            }
            if (pending.batchSize() == null) {
                return new Ref(fields[0], fields[2], List.of(Long.parseLong(fields[1])), pending);
            }
            List<Long> ids = new ArrayList<>();
            for (String id : fields[2].split(",")) {
                ids.add(Long.parseLong(id));
            }
            return new Ref(fields[0], fields[1], ids, pending);
        }

        String key(long postId) {
            return pending.batchSize() == null ? pending.key() : PostKey.of(site, postId);
        }

        String eventId(long postId) {
            return pending.batchSize() == null ? pending.eventId() : EventIds.derived(pending.eventId(), postId);
        }
    }

    /**
     * Remembers the questions a site's first load stored in a transaction that committed, as stored
     * (see {@link PostStore.StoredQuestion#of}), up to {@link #REMEMBERED_CHARS}. Beyond it the newest
     * are not kept: the relay lags (or publishing is paused) and takes the oldest first, so evicting
     * those would only make it read everything back and cost the job the copying.
     */
    public synchronized void remember(String site, List<PostRow> questions) {
        if (questions.isEmpty()) {
            return;
        }
        LinkedHashMap<Long, PostStore.StoredQuestion> ofSite = remembered.computeIfAbsent(site, s -> new LinkedHashMap<>());
        for (PostRow question : questions) {
            if (rememberedChars >= REMEMBERED_CHARS) {
                return;
            }
            PostStore.StoredQuestion stored = PostStore.StoredQuestion.of(question);
            rememberedChars += chars(stored);
            PostStore.StoredQuestion replaced = ofSite.put(question.id(), stored);
            if (replaced != null) {
                rememberedChars -= chars(replaced);
            }
        }
    }

    /** Forgets the site's questions: its posts may be written otherwise than by a first load from now on. */
    public synchronized void forget(String site) {
        var ofSite = remembered.remove(site);
        if (ofSite != null) {
            ofSite.values().forEach(stored -> rememberedChars -= chars(stored));
        }
    }

    /** Takes the remembered questions among these ids (they are published once), in a map of its own. */
    private synchronized Map<Long, PostStore.StoredQuestion> takeRemembered(String site, List<Long> ids) {
        Map<Long, PostStore.StoredQuestion> taken = new HashMap<>();
        var ofSite = remembered.get(site);
        if (ofSite == null) {
            return taken;
        }
        for (long id : ids) {
            PostStore.StoredQuestion stored = ofSite.remove(id);
            if (stored != null) {
                rememberedChars -= chars(stored);
                taken.put(id, stored);
            }
        }
        return taken;
    }

    private static long chars(PostStore.StoredQuestion stored) {
        return 64 + (stored.title() == null ? 0 : stored.title().length())
                + (stored.body() == null ? 0 : stored.body().length());
    }

    @Override
    public Map<Long, List<Payload>> payloads(Connection connection, List<Pending> pending) throws SQLException {
        Map<String, List<Ref>> bySite = new LinkedHashMap<>();
        for (Pending row : pending) {
            Ref ref = Ref.of(row);
            bySite.computeIfAbsent(ref.site(), site -> new ArrayList<>()).add(ref);
        }
        Map<Long, List<Payload>> payloads = new HashMap<>();
        for (var site : bySite.entrySet()) {
            List<Long> ids = site.getValue().stream().flatMap(ref -> ref.postIds().stream()).distinct().toList();
            Map<Long, PostStore.StoredQuestion> stored = takeRemembered(site.getKey(), ids);
            if (stored.size() < ids.size()) {
                stored.putAll(posts.storedQuestions(connection, site.getKey(),
                        ids.stream().filter(id -> !stored.containsKey(id)).toList()));
            }
            for (Ref ref : site.getValue()) {
                List<Payload> events = new ArrayList<>(ref.postIds().size());
                for (long postId : ref.postIds()) {
                    PostStore.StoredQuestion question = stored.get(postId);
                    if (question != null) {
                        events.add(new Payload(ref.key(postId), EventCodec.encode(new QuestionUpserted(ref.eventId(postId),
                                QuestionUpserted.TYPE, QuestionUpserted.SCHEMA_VERSION, ref.pending().createdAt(),
                                ref.site(), ref.dumpId(), postId, question.creationDate(), question.ownerUserId(),
                                question.title(), question.body(), question.tags(), question.acceptedAnswerId(),
                                question.answerCount(), question.closedDate()))));
                    }
                }
                payloads.put(ref.pending().rowId(), events);
            }
        }
        return payloads;
    }
}
