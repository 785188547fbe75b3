package io.somining.ingest.service;

import io.somining.ingest.parse.PostRow;
import io.somining.ingest.repository.PostStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a first load's accepted answers as its rows stream by, so that they are announced with the
 * batch that stores them instead of by a walk over every stored post after the load (which reads the
 * whole partition again: ~4 s of a 1 GB job). Dumps list a question before its answers: when an
 * answer arrives, whether a question read earlier accepted it is one bit. Two sparse bitsets over
 * post ids (accepted, seen) take ~10 MB for Stack Overflow's ids.
 *
 * <p>What it cannot decide makes it {@linkplain #isComplete() incomplete}, and the job then walks the
 * stored posts as any other load does: a question that accepts an answer read before it, an accepted
 * answer whose parent is not the question that accepted it (found when storing the candidate), ids
 * beyond its range, or a job that did not read its rows from the start (a resumed job).
 */
final class AcceptedAnswerTracker {

    private static final int PAGE_BITS = 16;
    private static final int WORDS_PER_PAGE = 1 << (PAGE_BITS - 6);
    /** Ids up to 2^36 (68 G): far beyond any site's. */
    private static final int MAX_PAGES = 1 << 20;

    private final Bits accepted = new Bits();
    private final Bits seen = new Bits();
    private boolean complete;

    private AcceptedAnswerTracker(boolean complete) {
        this.complete = complete;
    }

    /** A tracker for a job that reads a site's first load from its first row. */
    static AcceptedAnswerTracker fromStart() {
        return new AcceptedAnswerTracker(true);
    }

    /** A tracker that decides nothing: the job walks the stored posts at its end. */
    static AcceptedAnswerTracker none() {
        return new AcceptedAnswerTracker(false);
    }

    /** Whether every accepted answer of the rows observed was found as a candidate. */
    boolean isComplete() {
        return complete;
    }

    /** Gives up: from now on the job's end must walk the stored posts. */
    void giveUp() {
        complete = false;
    }

    /** Observes a batch's rows in dump order; answers the links they complete, to be stored with the batch. */
    List<PostStore.AcceptedLink> observe(List<PostRow> rows) {
        if (!complete) {
            return List.of();
        }
        List<PostStore.AcceptedLink> candidates = new ArrayList<>();
        for (PostRow row : rows) {
            if (!seen.set(row.id())) {
                complete = false;
                return List.of();
            }
            if (row.isQuestion() && row.acceptedAnswerId() != null) {
                long answer = row.acceptedAnswerId();
                if (seen.get(answer) || !accepted.set(answer)) {
                    complete = false; // answered before it was accepted, or beyond the range
                    return List.of();
                }
            } else if (row.postTypeId() == PostRow.ANSWER && row.parentId() != null && accepted.get(row.id())) {
                candidates.add(new PostStore.AcceptedLink(row.parentId(), row.id(), row.creationDate()));
            }
        }
        return candidates;
    }

    /** A bitset over non-negative longs, in pages allocated when first set. */
    private static final class Bits {
        private long[][] pages = new long[16][];

        /** Sets the bit; false when the id is out of range. */
        boolean set(long id) {
            if (id < 0 || id >>> PAGE_BITS >= MAX_PAGES) {
                return false;
            }
            int page = (int) (id >>> PAGE_BITS);
            if (page >= pages.length) {
                pages = Arrays.copyOf(pages, Math.min(MAX_PAGES, Math.max(page + 1, pages.length * 2)));
            }
            if (pages[page] == null) {
                pages[page] = new long[WORDS_PER_PAGE];
            }
            int bit = (int) (id & ((1 << PAGE_BITS) - 1));
            pages[page][bit >>> 6] |= 1L << bit;
            return true;
        }

        boolean get(long id) {
            if (id < 0 || id >>> PAGE_BITS >= pages.length) {
                return false;
            }
            long[] words = pages[(int) (id >>> PAGE_BITS)];
            int bit = (int) (id & ((1 << PAGE_BITS) - 1));
            return words != null && (words[bit >>> 6] & 1L << bit) != 0;
        }
    }
}
