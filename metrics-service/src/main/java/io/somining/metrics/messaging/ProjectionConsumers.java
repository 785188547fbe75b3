package io.somining.metrics.messaging;

import io.smallrye.common.annotation.Blocking;
import io.somining.contracts.EventCodec;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionUpserted;
import io.somining.metrics.repository.ProjectionStore;
import io.somining.platform.messaging.EventBatches;
import io.somining.platform.messaging.EventRecords;
import io.somining.platform.review.RelevanceReviews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects question, classification and review events into the metrics' tables, one transaction per batch. */
@ApplicationScoped
public class ProjectionConsumers {

    @Inject
    ProjectionStore store;

    @Inject
    EventBatches batches;

    /** The metrics read no question's title or body: most of a question event's bytes, skipped rather than decoded. */
    private static final EventCodec.Reader WITHOUT_TEXT = EventCodec.readerSkipping(QuestionUpserted.class, "title", "body");

    /** Nor which words of a question matched a set: skipped as well. */
    private static final EventCodec.Reader WITHOUT_MATCHES = EventCodec.readerSkipping(QuestionClassified.class, "matches");

    @Incoming("questions")
    @Blocking
    public void onQuestions(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        batches.apply("projecting question events", records, WITHOUT_TEXT, store::applyQuestionEvents);
    }

    @Incoming("classifications")
    @Blocking
    public void onClassifications(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        batches.apply("projecting classifications", records, WITHOUT_MATCHES,
                events -> store.applyClassifications(EventRecords.only(events, QuestionClassified.class)));
    }

    /** The taxonomy topic's relevance reviews; its other events (versions, label steps, category labels) are not the metrics'. */
    @Incoming("reviews")
    @Blocking
    public void onReviews(ConsumerRecords<String, String> records) throws InterruptedException {
        batches.apply("recording relevance reviews", records, events -> {
            var reviews = RelevanceReviews.of(events);
            if (!reviews.isEmpty()) {
                store.applyReviews(reviews);
            }
        });
    }
}
