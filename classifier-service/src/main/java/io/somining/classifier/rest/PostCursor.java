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

    static String format(String site, long postId) {
        return site + "/" + postId;
    }
}
