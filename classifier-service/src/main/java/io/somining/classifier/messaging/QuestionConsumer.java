package io.somining.classifier.messaging;

import io.smallrye.common.annotation.Blocking;
import io.somining.classifier.service.ClassificationService;
import io.somining.contracts.Event;
import io.somining.platform.messaging.EventRecords;
import io.somining.platform.migration.DatabaseMigrator;
import io.somining.platform.retry.UntilDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
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
    DatabaseMigrator migrator;

    @Incoming("questions")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        List<Event> events = EventRecords.decode(records);
        if (!events.isEmpty()) {
            migrator.awaitMigrated();
            UntilDone.call("classifying " + events.size() + " question event(s)", () -> classifier.apply(events));
        }
    }
}
