package io.somining.contracts;

import java.util.List;
import java.util.Map;

/** Every topic of the suite, in one place: names, what flows on them, and how they are configured. */
public final class Topics {

    /** The Kafka header that names an event's type, so a consumer can route before parsing the value. */
    public static final String EVENT_TYPE_HEADER = "event-type";

    /** Question state, accepted-answer links and deletions, from ingest; key: {@code site/postId}. */
    public static final String QUESTIONS = "so.questions";

    /** Classification results, from the classifier; key: {@code study/site/postId}. */
    public static final String CLASSIFICATIONS = "so.classifications";

    /** Taxonomy versions, and labels, decisions and final labels of labeling rounds, from the taxonomy service; key: taxonomy id or {@code round/roundId}. */
    public static final String TAXONOMY = "so.taxonomy";

    /** Records a consumer could not read, with the reason; key: {@code topic/partition/offset} of the original. */
    public static final String DEAD_LETTERS = "so.dead-letters";

    /**
     * How a topic is created and who uses it: the local stack, the tests, the Kubernetes manifests and the
     * AsyncAPI document all read this. {@code consumerGroups} are the suite's own Kafka consumer groups on
     * the topic (checked against the services' configuration); a subscriber brings its own.
     */
    public record TopicSpec(String name, int partitions, String cleanupPolicy, long retentionMs,
            String producer, List<String> consumers, List<String> consumerGroups, List<String> eventTypes, String key) {

        public Map<String, String> configs() {
            return Map.of("cleanup.policy", cleanupPolicy, "retention.ms", Long.toString(retentionMs));
        }
    }

    /**
     * The question topic is a log kept forever (two event types share a key, so compaction would
     * drop a question behind its accepted-answer link); classifications are compacted, the latest
     * per key being the current state. Either way a new consumer or a rebuilt projection can replay
     * a topic from the start.
     */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(QUESTIONS, 6, "delete", -1, "ingest-service",
                    List.of("classifier-service", "metrics-service"), List.of("classifier-service", "metrics-service"),
                    List.of(QuestionUpserted.TYPE, AcceptedAnswerLinked.TYPE, QuestionDeleted.TYPE), "site/postId"),
            new TopicSpec(CLASSIFICATIONS, 6, "compact", -1, "classifier-service",
                    List.of("metrics-service"), List.of("metrics-service"), List.of(QuestionClassified.TYPE), "studyId/site/postId"),
            new TopicSpec(TAXONOMY, 1, "delete", 30L * 24 * 3600 * 1000, "taxonomy-service",
                    List.of("classifier-service", "metrics-service"),
                    List.of("classifier-service-reviews", "metrics-service-reviews"),
                    List.of(TaxonomyPublished.TYPE, LabelRecorded.TYPE, LabelFinalized.TYPE),
                    "taxonomyId or round/roundId"),
            // kept 30 days: long enough to notice, fix and replay; read by people and alerting, not by services
            new TopicSpec(DEAD_LETTERS, 1, "delete", 30L * 24 * 3600 * 1000, "classifier-service, metrics-service",
                    List.of(), List.of(), List.of(DeadLetter.TYPE), "topic/partition/offset"));

    private Topics() {
    }
}
