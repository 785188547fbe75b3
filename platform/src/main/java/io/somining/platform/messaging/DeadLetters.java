package io.somining.platform.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.somining.contracts.DeadLetter;
import io.somining.contracts.EventCodec;
import io.somining.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sets unreadable records aside on {@link Topics#DEAD_LETTERS}, with the reason, and waits for the
 * broker's acknowledgement: the consumer commits past a record only once it is safely set aside.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "quarkus.application.name")
    String consumer;

    private KafkaProducer<String, String> producer;

    /** Publishes the dead letters; throws if the broker does not acknowledge them in time (the caller retries). */
    public void publish(List<EventRecords.Unreadable> unreadable) {
        if (unreadable.isEmpty()) {
            return;
        }
        try {
            for (EventRecords.Unreadable record : unreadable) {
                DeadLetter letter = DeadLetter.of(consumer, record.topic(), record.partition(), record.offset(),
                        record.key(), record.eventType(), record.value(), record.reason());
                var message = new ProducerRecord<>(Topics.DEAD_LETTERS, letter.key(), EventCodec.encode(letter));
                message.headers().add(Topics.EVENT_TYPE_HEADER, DeadLetter.TYPE.getBytes(StandardCharsets.UTF_8));
                producer().send(message).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.warnf("Dead-lettered %s: %s", letter.key(), record.reason());
            }
        } catch (ExecutionException | TimeoutException e) {
            closeProducer();
            throw new IllegalStateException("cannot publish dead letters: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing dead letters", e);
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = Producers.create(kafkaConfig, SEND_TIMEOUT, consumer + "-dead-letters");
        }
        return producer;
    }

    private synchronized void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        closeProducer();
    }
}
