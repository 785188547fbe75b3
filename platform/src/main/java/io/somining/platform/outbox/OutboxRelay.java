package io.somining.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.somining.contracts.Topics;
import io.somining.platform.messaging.Producers;
import io.somining.platform.migration.DatabaseMigrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once the broker acknowledged them.
 * Deferred events get their payloads from the service's {@link PayloadSource}s first.
 * A crash between the send and the delete republishes the batch with the same event ids, which
 * consumers deduplicate; a rollback never publishes anything. Enabled in services that publish
 * ({@code suite.outbox.enabled=true} at build time).
 */
@ApplicationScoped
@IfBuildProperty(name = "suite.outbox.enabled", stringValue = "true")
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /**
     * The next rows, none while publishing is paused ({@link OutboxControl}). Locked in id order, not SKIP LOCKED: a
     * row that a writer holds (a job completing the payloads of pending events) must hold the relay up, not be passed
     * over, or later events of the same key (an accepted answer's link after its question) went out first.
     */
    private static final String LOCK = "SELECT id, coalesce(batch_size, 1) FROM outbox_event "
            + "WHERE NOT EXISTS (SELECT 1 FROM outbox_pause) ORDER BY id LIMIT ? FOR UPDATE";
    /**
     * How long the relay waits for a writer's transaction (a batch commits well within it), and below PostgreSQL's
     * deadlock_timeout (1 s): should the writer then wait for rows the relay holds, the relay gives up first, never
     * the writer's batch.
     */
    private static final String WAIT_FOR_WRITERS = "SET LOCAL lock_timeout = '500ms'";
    /** PostgreSQL's lock_not_available: a writer held a row past the wait; the next poll tries again. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String SELECT = "SELECT " + PayloadSource.Pending.COLUMNS + ", topic, event_type, payload "
            + "FROM outbox_event WHERE id = ANY (?) ORDER BY id";
    /** Where SELECT's own columns start, after those {@link PayloadSource.Pending#read} reads. */
    private static final int TOPIC_COLUMN = PayloadSource.Pending.COLUMNS.split(",").length + 1;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DatabaseMigrator migrator;

    @Inject
    OutboxConfig config;

    @Inject
    DeferredPayloads deferredPayloads;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private KafkaProducer<String, String> producer;
    private volatile boolean failing;

    /** Publishes what waits, until the outbox is empty or paused; the scheduler calls it every poll interval. */
    @Scheduled(every = "${suite.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void relay() {
        if (!migrator.isMigrated()) {
            return;
        }
        try {
            boolean more;
            do {
                more = QuarkusTransaction.requiringNew().call(this::publishBatch);
            } while (more);
        } catch (RuntimeException e) {
            if (heldByWriter(e)) {
                return;
            }
            fail(e);
            return;
        }
        if (failing) {
            failing = false;
            LOG.info("Outbox relay recovered");
        }
    }

    private static boolean heldByWriter(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void fail(RuntimeException e) {
        // said once per outage, not every half second
        if (!failing) {
            LOG.warnf("Outbox relay failed, events stay in the outbox and are retried: %s", e.getMessage());
        }
        failing = true;
        closeProducer();
    }

    /** Publishes the next rows, up to the configured number of events; answers whether more may be waiting. */
    private boolean publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            List<Long> locked = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            try (Statement wait = connection.createStatement()) {
                wait.execute(WAIT_FOR_WRITERS);
            }
            try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                lock.setInt(1, config.batchSize());
                try (ResultSet result = lock.executeQuery()) {
                    while (result.next()) {
                        locked.add(result.getLong(1));
                        counts.add(result.getInt(2));
                    }
                }
            }
            if (locked.isEmpty()) {
                return false;
            }
            int end = DeferredPayloads.stepEnd(counts.stream().mapToInt(Integer::intValue).toArray(), 0, config.batchSize());
            List<Row> rows = new ArrayList<>();
            Map<String, List<PayloadSource.Pending>> deferred = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setArray(1, connection.createArrayOf("bigint", locked.subList(0, end).toArray()));
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        Row row = new Row(PayloadSource.Pending.read(result), result.getString(TOPIC_COLUMN),
                                result.getString(TOPIC_COLUMN + 1), result.getString(TOPIC_COLUMN + 2));
                        rows.add(row);
                        if (row.payload() == null) {
                            deferred.computeIfAbsent(row.eventType(), type -> new ArrayList<>()).add(row.pending());
                        }
                    }
                }
            }
            DeferredPayloads.Resolved payloads = deferred.isEmpty() ? new DeferredPayloads.Resolved(Map.of(), Map.of())
                    : deferredPayloads.payloads(connection, deferred);
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Row row : rows) {
                for (PayloadSource.Payload event : row.events(payloads.events())) {
                    var record = new ProducerRecord<>(row.topic(), event.key(), event.json());
                    record.headers().add(Topics.EVENT_TYPE_HEADER, row.eventType().getBytes(StandardCharsets.UTF_8));
                    acks.add(producer().send(record));
                }
            }
            producer().flush();
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            for (var dead : payloads.unresolved().entrySet()) {
                deadLetter(connection, dead.getKey(), payloads.events().get(dead.getKey()).size(), dead.getValue());
            }
            delete(connection, rows.stream().map(row -> row.pending().rowId()).toList());
            return end < locked.size() || locked.size() == config.batchSize();
        }
    }

    /** An outbox row: {@code pending} holds its id, key, event id and time whether or not its payload is written. */
    private record Row(PayloadSource.Pending pending, String topic, String eventType, String payload) {

        /** The events to publish: the row's own payload, a written batch's lines, or what the payload source found. */
        List<PayloadSource.Payload> events(Map<Long, List<PayloadSource.Payload>> deferredPayloads) {
            if (payload == null) {
                return deferredPayloads.get(pending.rowId());
            }
            return pending.batchSize() == null ? List.of(new PayloadSource.Payload(pending.key(), payload))
                    : PayloadSource.Payload.fromLines(payload);
        }
    }

    /**
     * Moves aside a deferred row whose reported state is gone (e.g. a site's posts dropped by hand),
     * after publishing the events that could still be built: the relay goes on instead of retrying it
     * forever. Operators find it, with the reason, in {@code outbox_dead_event}.
     */
    private static void deadLetter(Connection connection, long rowId, int published, String reason) throws SQLException {
        LOG.warnf("Outbox row %d moved to outbox_dead_event (%d event(s) of it published): %s", rowId, published, reason);
        try (PreparedStatement dead = connection.prepareStatement("INSERT INTO outbox_dead_event (id, topic, event_key, "
                + "event_type, event_id, payload_ref, batch_size, created_at, events_published, reason) "
                + "SELECT id, topic, event_key, event_type, event_id, payload_ref, batch_size, created_at, ?, ? "
                + "FROM outbox_event WHERE id = ? ON CONFLICT (id) DO NOTHING")) {
            dead.setInt(1, published);
            dead.setString(2, reason);
            dead.setLong(3, rowId);
            dead.executeUpdate();
        }
    }

    private static void delete(Connection connection, List<Long> ids) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            delete.setArray(1, array);
            delete.executeUpdate();
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = Producers.create(kafkaConfig, config.sendTimeout(), "outbox-relay");
        }
        return producer;
    }

    private synchronized void closeProducer() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
            producer = null;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        closeProducer();
    }
}
