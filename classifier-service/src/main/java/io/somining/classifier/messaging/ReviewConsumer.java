package io.somining.classifier.messaging;

import io.smallrye.common.annotation.Blocking;
import io.somining.classifier.repository.ClassificationStore;
import io.somining.contracts.Event;
import io.somining.contracts.LabelFinalized;
import io.somining.platform.messaging.EventBatches;
import io.somining.platform.review.RelevanceReviews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the taxonomy service's final labels: those of relevance reviews (KEEP or DROP) decide a
 * set's reviewed members. Other events of the topic (taxonomy versions, label steps, category
 * labels) are not the classifier's business. Redelivery changes nothing: reviews are upserted on
 * their natural key, the latest final label winning.
 */
@ApplicationScoped
public class ReviewConsumer {

    @Inject
    ClassificationStore store;

    @Inject
    EventBatches batches;

    @Incoming("reviews")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        batches.apply("recording relevance reviews", records, this::record);
    }

    private void record(List<Event> events) {
        List<LabelFinalized> reviews = RelevanceReviews.of(events);
        if (!reviews.isEmpty()) {
            store.applyReviews(reviews);
        }
    }
}
