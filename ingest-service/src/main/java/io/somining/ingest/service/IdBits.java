package io.somining.ingest.service;

import java.util.Arrays;

/**
 * A set of post ids as a bitset, in pages of 2^16 ids allocated when first set: ~10 MB for Stack
 * Overflow's ~80 M ids, whatever the number of rows.
 */
final class IdBits {

    private static final int PAGE_BITS = 16;
    private static final int WORDS_PER_PAGE = 1 << (PAGE_BITS - 6);
    /** Ids up to 2^36 (68 G): far beyond any site's. */
    private static final int MAX_PAGES = 1 << 20;

    private long[][] pages = new long[16][];

    /** Whether the set can hold this id. */
    static boolean inRange(long id) {
        return id >= 0 && id >>> PAGE_BITS < MAX_PAGES;
    }

    /** Sets the bit; false when the id is out of range. */
    boolean set(long id) {
        if (!inRange(id)) {
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
