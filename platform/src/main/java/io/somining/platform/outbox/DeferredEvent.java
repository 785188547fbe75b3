package io.somining.platform.outbox;

/**
 * An outbox event whose payload is written when it is published, from the state it reports, by the
 * {@link PayloadSource} of its type: a bulk writer then stores that state once instead of twice.
 * A batch is one outbox row that stands for {@code batchSize} such events, which its source expands
 * (each with its own key and an id derived from the batch's): a bulk load then writes and deletes one
 * outbox row per batch of rows it stores, not one per event.
 *
 * @param key the event's key; for a batch, the key its pending rows are looked up by
 *        ({@link OutboxWriter#writeDeferredPayloads}), not a key of its events
 * @param ref what the payload source needs to find the state, in a form of its own choosing
 * @param batchSize null for one event; for a batch, the number of events it stands for
 */
public record DeferredEvent(String key, String eventType, String eventId, String ref, Integer batchSize) {

    public DeferredEvent {
        if (batchSize != null && batchSize < 1) {
            throw new IllegalArgumentException("a batch of deferred events holds at least one: " + batchSize);
        }
    }

    /** One deferred event. */
    public DeferredEvent(String key, String eventType, String eventId, String ref) {
        this(key, eventType, eventId, ref, null);
    }
}
