package io.somining.classifier.rest;

/** A position in (site, post id) order, written {@code site/postId}; empty means the start. */
record PostCursor(String site, long postId) {

    static PostCursor parse(String after) {
        if (after == null || after.isEmpty()) {
            return new PostCursor("", -1);
        }
        int slash = after.lastIndexOf('/');
        try {
            return new PostCursor(after.substring(0, slash), Long.parseLong(after.substring(slash + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("after: '" + after + "' is not a cursor (site/postId from next)");
        }
    }

    /** The cursor after a full page (its last entry), or null when the page is the last one. */
    static <T> String next(java.util.List<T> page, int limit, java.util.function.Function<T, String> site,
            java.util.function.ToLongFunction<T> postId) {
        if (page.size() < limit) {
            return null;
        }
        T last = page.get(page.size() - 1);
        return site.apply(last) + "/" + postId.applyAsLong(last);
    }
}
