package io.somining.classifier.messaging;

import io.smallrye.common.annotation.Blocking;
import io.somining.classifier.service.ClassificationService;
import io.somining.contracts.QuestionUpserted;
import io.somining.platform.messaging.EventRecords;
import io.somining.platform.migration.DatabaseMigrator;
import io.somining.platform.retry.UntilDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes question events in batches. Redelivered events change nothing: classifications are
 * upserted on their natural key and only changes are published.
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
        List<QuestionUpserted> questions = EventRecords.only(EventRecords.decode(records), QuestionUpserted.class);
        if (!questions.isEmpty()) {
            migrator.awaitMigrated();
            UntilDone.call("classifying " + questions.size() + " question(s)", () -> classifier.classify(questions));
        }
    }
}
