package io.somining.ingest.service;

import java.util.Collection;

/**
 * The ids a site's first load copied, so that the load tells a repeated post apart itself and its
 * partition needs no primary key until it is attached (the key's B-tree kept up row by row cost 1.7 s
 * of PostgreSQL's time per GB; built once at the end, 0.8 s). Only for a load read from its first row
 * into an empty partition: what a resumed load copied before is known to the partition alone.
 */
final class CopiedIds {

    enum Verdict {
        /** None of the ids was copied before; they are now noted. */
        NEW,
        /** One of them was copied before; none is noted. */
        REPEATED,
        /** One of them is beyond the set's range; none is noted, and the set cannot decide any more. */
        OUT_OF_RANGE
    }

    private final IdBits ids = new IdBits();

    /** Notes a batch's ids (distinct within the batch) unless one repeats an earlier batch's or is out of range. */
    Verdict add(Collection<Long> batch) {
        for (long id : batch) {
            if (!IdBits.inRange(id)) {
                return Verdict.OUT_OF_RANGE;
            }
            if (ids.get(id)) {
                return Verdict.REPEATED;
            }
        }
        for (long id : batch) {
            ids.set(id);
        }
        return Verdict.NEW;
    }
}
