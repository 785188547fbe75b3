package io.somining.platform.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.platform.migration.DatabaseMigrator;
import io.somining.platform.retry.UntilDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How every consumer applies a batch: decode it, set unreadable records aside on the dead-letter
 * topic, wait until the schema exists, then apply the events in one transaction, retried while the
 * database or the broker is unreachable, so that nothing is dropped or skipped unexplained.
 */
@ApplicationScoped
public class EventBatches {

    @Inject
    DatabaseMigrator migrator;

    @Inject
    DeadLetters deadLetters;

    public void apply(String what, Iterable<? extends ConsumerRecord<String, ?>> records, Consumer<List<Event>> work)
            throws InterruptedException {
        apply(what, records, EventCodec.reader(), work);
    }

    /** As {@link #apply(String, Iterable, Consumer)}, decoding with a reader that may skip fields the work never reads. */
    public void apply(String what, Iterable<? extends ConsumerRecord<String, ?>> records, EventCodec.Reader reader,
            Consumer<List<Event>> work) throws InterruptedException {
        EventRecords.Decoded decoded = EventRecords.decode(records, reader);
        UntilDone.run("setting aside " + decoded.unreadable().size() + " unreadable record(s)",
                () -> deadLetters.publish(decoded.unreadable()));
        List<Event> events = decoded.events();
        if (events.isEmpty()) {
            return;
        }
        migrator.awaitMigrated();
        UntilDone.run(what + " (" + events.size() + " event(s))",
                () -> QuarkusTransaction.requiringNew().run(() -> work.accept(events)));
    }
}
