package io.somining.ingest.service;

import io.somining.ingest.parse.PostRow;
import io.somining.ingest.repository.PostStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a first load's accepted answers as its rows stream by, so that they are announced with the
 * batch that stores them instead of by a walk over every stored post after the load (which reads the
 * whole partition again: ~4 s of a 1 GB job). Dumps list a question before its answers: a question
 * that accepts an answer leaves it pending (answer id to question id) until the answer is read, and
 * the answer completes the link when its parent is that question. Knowing the pair here, the batch
 * stores its links with a plain insert, not a statement that looks each question up again (~2.4 s of
 * the PostgreSQL backend's time per GB). The posts seen take a sparse bitset (~10 MB for Stack
 * Overflow's ids); the pending answers a map of their own, bounded.
 *
 * <p>What it cannot decide makes it {@linkplain #isComplete() incomplete}, and the job then walks the
 * stored posts as any other load does: a question that accepts an answer read before it, an accepted
 * answer whose parent is not the question that accepted it, two questions accepting one answer, ids
 * beyond its range, more pending answers than it keeps, or a job that did not read its rows from the
 * start (a resumed job).
 */
final class AcceptedAnswerTracker {

    /** Questions whose accepted answer is still to come: ~32 MB at most (Stack Overflow needs far fewer). */
    static final int MAX_PENDING = 1 << 20;

    private final IdBits seen = new IdBits();
    private PendingAnswers pending;
    private String incompleteBecause;

    private AcceptedAnswerTracker(String incompleteBecause) {
        this.incompleteBecause = incompleteBecause;
        this.pending = incompleteBecause == null ? new PendingAnswers() : null;
    }

    /** A tracker for a job that reads a site's first load from its first row. */
    static AcceptedAnswerTracker fromStart() {
        return new AcceptedAnswerTracker(null);
    }

    /** A tracker that decides nothing: the job walks the stored posts at its end. */
    static AcceptedAnswerTracker none() {
        return new AcceptedAnswerTracker("not a site's first load read from its first row");
    }

    /** Whether every accepted answer of the rows observed was found as a link. */
    boolean isComplete() {
        return incompleteBecause == null;
    }

    /** Why the job's end must walk the stored posts; null while {@linkplain #isComplete() complete}. */
    String incompleteBecause() {
        return incompleteBecause;
    }

    /** Gives up: from now on the job's end must walk the stored posts. */
    void giveUp(String because) {
        if (incompleteBecause == null) {
            incompleteBecause = because;
            pending = null;
        }
    }

    /**
     * Observes a batch's rows in dump order; answers the links they complete (each question with the
     * answer it accepts, read in this batch or an earlier one), to be stored with the batch.
     */
    List<PostStore.AcceptedLink> observe(List<PostRow> rows) {
        if (!isComplete()) {
            return List.of();
        }
        List<PostStore.AcceptedLink> links = new ArrayList<>();
        for (PostRow row : rows) {
            String because = observe(row, links);
            if (because != null) {
                giveUp(because + " (post " + row.id() + ", line " + row.line() + ")");
                return List.of();
            }
        }
        return links;
    }

    /** Notes one row, adding the link it completes; answers why it cannot be decided, or null. */
    private String observe(PostRow row, List<PostStore.AcceptedLink> links) {
        if (!seen.set(row.id())) {
            return "an id beyond the tracker's range";
        }
        if (row.isQuestion() && row.acceptedAnswerId() != null) {
            long answer = row.acceptedAnswerId();
            if (seen.get(answer)) {
                return "a question accepts an answer read before it";
            }
            if (!IdBits.inRange(answer)) {
                return "an accepted answer id beyond the tracker's range";
            }
            if (pending.size() >= MAX_PENDING) {
                return "more than " + MAX_PENDING + " accepted answers pending";
            }
            if (!pending.putIfAbsent(answer, row.id())) {
                return "two questions accept one answer";
            }
        } else if (row.postTypeId() == PostRow.ANSWER) {
            long question = pending.remove(row.id());
            if (question != PendingAnswers.NONE) {
                if (row.parentId() == null || row.parentId() != question) {
                    return "an accepted answer's parent is not the question that accepts it";
                }
                links.add(new PostStore.AcceptedLink(question, row.id(), row.creationDate()));
            }
        }
        return null;
    }

    /**
     * Accepted answer id to accepting question id, for answers not read yet: open addressing with
     * linear probing over two arrays of longs, and deletion by shifting back the entries that follow
     * (no tombstones, so a long load's many removals never degrade the probes).
     */
    static final class PendingAnswers {
        static final long NONE = -1;
        private long[] keys = filled(1 << 12);
        private long[] values = new long[1 << 12];
        private int size;

        int size() {
            return size;
        }

        /** Maps a non-negative key unless it is mapped already; answers whether it was not. */
        boolean putIfAbsent(long key, long value) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int slot = find(key);
            if (keys[slot] == key) {
                return false;
            }
            keys[slot] = key;
            values[slot] = value;
            size++;
            return true;
        }

        /** Unmaps a key; answers its value, or {@link #NONE} when it was not mapped. */
        long remove(long key) {
            int slot = find(key);
            if (keys[slot] == NONE) {
                return NONE;
            }
            int mask = keys.length - 1;
            long value = values[slot];
            size--;
            // shift back each following entry of the run that the hole would cut off from its home slot
            int hole = slot;
            for (int next = (hole + 1) & mask; keys[next] != NONE; next = (next + 1) & mask) {
                int home = slot(keys[next], mask);
                if (((next - home) & mask) >= ((next - hole) & mask)) {
                    keys[hole] = keys[next];
                    values[hole] = values[next];
                    hole = next;
                }
            }
            keys[hole] = NONE;
            return value;
        }

        /** The key's slot, or the free slot that ends its probe run (where it would go). */
        private int find(long key) {
            int mask = keys.length - 1;
            int slot = slot(key, mask);
            while (keys[slot] != NONE && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldValues = values;
            keys = filled(oldKeys.length * 2);
            values = new long[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != NONE) {
                    putIfAbsent(oldKeys[i], oldValues[i]);
                }
            }
        }

        private static int slot(long key, int mask) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        }

        private static long[] filled(int length) {
            long[] array = new long[length];
            Arrays.fill(array, NONE);
            return array;
        }
    }
}
