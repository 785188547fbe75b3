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

    private static final String SELECT = "SELECT " + PayloadSource.Pending.COLUMNS + ", topic, event_type, payload "
            + "FROM outbox_event ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";

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

    @Scheduled(every = "${suite.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        if (!migrator.isMigrated()) {
            return;
        }
        try {
            int sent;
            do {
                sent = QuarkusTransaction.requiringNew().call(this::publishBatch);
            } while (sent == config.batchSize());
            if (failing) {
                failing = false;
                LOG.info("Outbox relay recovered");
            }
        } catch (RuntimeException e) {
            // said once per outage, not every half second
            if (!failing) {
                LOG.warnf("Outbox relay failed, events stay in the outbox and are retried: %s", e.getMessage());
            }
            failing = true;
            closeProducer();
        }
    }

    private int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            List<Row> rows = new ArrayList<>();
            Map<String, List<PayloadSource.Pending>> deferred = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setInt(1, config.batchSize());
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        Row row = new Row(result.getLong(1), result.getString(6), result.getString(2),
                                result.getString(7), result.getString(8));
                        rows.add(row);
                        if (row.payload() == null) {
                            deferred.computeIfAbsent(row.eventType(), type -> new ArrayList<>())
                                    .add(PayloadSource.Pending.read(result));
                        }
                    }
                }
            }
            if (rows.isEmpty()) {
                return 0;
            }
            Map<Long, String> payloads = deferred.isEmpty() ? Map.of() : deferredPayloads.payloads(connection, deferred);
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                var record = new ProducerRecord<>(row.topic(), row.key(),
                        row.payload() != null ? row.payload() : payloads.get(row.id()));
                record.headers().add(Topics.EVENT_TYPE_HEADER, row.eventType().getBytes(StandardCharsets.UTF_8));
                acks.add(producer().send(record));
            }
            producer().flush();
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            delete(connection, rows.stream().map(Row::id).toList());
            return rows.size();
        }
    }

    private record Row(long id, String topic, String key, String eventType, String payload) {
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
