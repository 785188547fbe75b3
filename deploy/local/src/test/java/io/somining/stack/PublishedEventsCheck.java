package io.somining.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.somining.contracts.EventCodec;
import io.somining.contracts.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every record of every topic from the start and checks it against the published contract: an event-type
 * header naming a type the topic carries (AsyncAPI document), a value its JSON Schema accepts (the schemas in the
 * contracts jar, as the gateway serves them) and whose eventType agrees with the header.
 */
final class PublishedEventsCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Long> validated = new TreeMap<>();
    final List<String> findings = new ArrayList<>();

    PublishedEventsCheck run(String bootstrapServers) {
        Map<String, JsonSchema> schemas = new HashMap<>();
        EventCodec.types().keySet().forEach(type -> schemas.put(type, schema(type)));
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        config.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            for (Topics.TopicSpec topic : Topics.ALL) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        check(topic, record, schemas);
                    }
                }
                if (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    findings.add(topic.name() + ": not read to its end in 2 minutes");
                }
            }
        }
        return this;
    }

    private void check(Topics.TopicSpec topic, ConsumerRecord<String, String> record, Map<String, JsonSchema> schemas) {
        String where = record.topic() + "/" + record.partition() + "/" + record.offset();
        var header = record.headers().lastHeader(Topics.EVENT_TYPE_HEADER);
        String type = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (type == null || !topic.eventTypes().contains(type)) {
            findings.add(where + ": event-type header " + type + " is not a type of " + topic.name());
            return;
        }
        try {
            JsonNode value = JSON.readTree(record.value());
            schemas.get(type).validate(value).forEach(message -> findings.add(where + " " + type + ": " + message.getMessage()));
            if (!type.equals(value.path("eventType").asText())) {
                findings.add(where + ": header " + type + " but eventType " + value.path("eventType"));
            }
            validated.merge(type, 1L, Long::sum);
        } catch (IOException e) {
            findings.add(where + ": not JSON: " + e.getMessage());
        }
    }

    private static JsonSchema schema(String type) {
        try (InputStream in = PublishedEventsCheck.class.getResourceAsStream("/asyncapi/schemas/" + type + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no schema of " + type + " in the contracts jar");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
