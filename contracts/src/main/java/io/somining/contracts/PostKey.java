package io.somining.contracts;

/** The natural key of a post across dumps: Stack Exchange ids are unique only within one site. */
public final class PostKey {

    private PostKey() {
    }

    public static String of(String site, long postId) {
        return site + "/" + postId;
    }
}
