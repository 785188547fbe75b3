package io.somining.classifier.messaging;

import io.smallrye.common.annotation.Blocking;
import io.somining.classifier.service.ClassificationService;
import io.somining.platform.messaging.EventBatches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes question events in batches: upserted questions are classified, deleted ones leave their
 * sets. Redelivered events change nothing: classifications are upserted on their natural key and
 * only changes are published.
 */
@ApplicationScoped
public class QuestionConsumer {

    @Inject
    ClassificationService classifier;

    @Inject
    EventBatches batches;

    @Incoming("questions")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        batches.apply("classifying questions", records, classifier::apply);
    }
}
