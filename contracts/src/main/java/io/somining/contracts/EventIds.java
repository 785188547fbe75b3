package io.somining.contracts;

import java.util.UUID;

/** Event ids: random, unless a producer needs the same logical event to keep its id across retries. */
public final class EventIds {

    private EventIds() {
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }
}
