package io.somining.contracts;

import java.util.UUID;

/** Event ids: random, unless a producer needs the same logical event to keep its id across retries. */
public final class EventIds {

    private EventIds() {
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    /**
     * The id of one member of a group of events that has an id: the same for the same group and member,
     * so that a group published again after a crash repeats its events' ids, which consumers deduplicate.
     */
    public static String derived(String groupId, long member) {
        return UUID.nameUUIDFromBytes((groupId + "#" + member).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }
}
