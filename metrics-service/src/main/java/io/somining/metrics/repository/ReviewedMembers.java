package io.somining.metrics.repository;

/**
 * A set's reviewed members: the candidates a relevance review kept (V10__set_review.sql). A review is people's
 * work on at most thousands of questions, so queries that ask for reviewed members count them from the question
 * rows instead of keeping aggregates for them.
 */
final class ReviewedMembers {

    /** The condition on a {@code set_question q} row that a review kept it. */
    static final String KEPT = """
            EXISTS (SELECT 1 FROM set_review r WHERE r.study_id = q.study_id AND r.set_id = q.set_id AND r.site = q.site
                    AND r.post_id = q.post_id AND r.kept)
            """;

    private ReviewedMembers() {
    }
}
