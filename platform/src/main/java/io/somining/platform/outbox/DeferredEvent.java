package io.somining.platform.outbox;

/**
 * An outbox event whose payload is written when it is published, from the state it reports, by the
 * {@link PayloadSource} of its type: a bulk writer then stores that state once instead of twice.
 *
 * @param ref what the payload source needs to find the state, in a form of its own choosing
 */
public record DeferredEvent(String key, String eventType, String eventId, String ref) {
}
