package io.somining.metrics.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.somining.contracts.Event;
import io.somining.contracts.QuestionClassified;
import io.somining.metrics.repository.ProjectionStore;
import io.somining.platform.messaging.EventRecords;
import io.somining.platform.migration.DatabaseMigrator;
import io.somining.platform.retry.UntilDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects question and classification events into the metrics' tables, one transaction per batch. */
@ApplicationScoped
public class ProjectionConsumers {

    @Inject
    ProjectionStore store;

    @Inject
    DatabaseMigrator migrator;

    @Incoming("questions")
    @Blocking
    public void onQuestions(ConsumerRecords<String, String> records) throws InterruptedException {
        List<Event> events = EventRecords.decode(records);
        migrator.awaitMigrated();
        UntilDone.run("projecting " + events.size() + " question event(s)",
                () -> QuarkusTransaction.requiringNew().run(() -> store.applyQuestionEvents(events)));
    }

    @Incoming("classifications")
    @Blocking
    public void onClassifications(ConsumerRecords<String, String> records) throws InterruptedException {
        List<QuestionClassified> events = EventRecords.only(EventRecords.decode(records), QuestionClassified.class);
        migrator.awaitMigrated();
        UntilDone.run("projecting " + events.size() + " classification(s)",
                () -> QuarkusTransaction.requiringNew().run(() -> store.applyClassifications(events)));
    }
}
