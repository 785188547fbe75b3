package io.somining.platform.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.somining.contracts.Event;
import io.somining.platform.migration.DatabaseMigrator;
import io.somining.platform.retry.UntilDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How every consumer applies a batch: decode it (malformed records logged and skipped), wait until
 * the schema exists, then apply the events in one transaction, retried while the database is
 * unreachable, so that nothing is dropped or skipped.
 */
@ApplicationScoped
public class EventBatches {

    @Inject
    DatabaseMigrator migrator;

    public void apply(String what, Iterable<ConsumerRecord<String, String>> records, Consumer<List<Event>> work)
            throws InterruptedException {
        List<Event> events = EventRecords.decode(records);
        if (events.isEmpty()) {
            return;
        }
        migrator.awaitMigrated();
        UntilDone.run(what + " (" + events.size() + " event(s))",
                () -> QuarkusTransaction.requiringNew().run(() -> work.accept(events)));
    }
}
