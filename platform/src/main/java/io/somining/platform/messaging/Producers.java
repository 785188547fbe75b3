package io.somining.platform.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The one way the platform makes a Kafka producer: acknowledged by all replicas, idempotent, bounded waits. */
public final class Producers {

    private Producers() {
    }

    /**
     * @param brokerConfig the connector's {@code default-kafka-broker} settings (bootstrap servers, security)
     * @param sendTimeout how long a send may wait for the broker before it fails
     */
    public static KafkaProducer<String, String> create(Map<String, Object> brokerConfig, Duration sendTimeout,
            String clientId) {
        Map<String, Object> settings = new HashMap<>(brokerConfig);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) sendTimeout.toMillis());
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis() / 2);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        settings.keySet().removeIf(key -> key.startsWith("group.") || key.contains("deserializer"));
        return new KafkaProducer<>(settings);
    }
}
