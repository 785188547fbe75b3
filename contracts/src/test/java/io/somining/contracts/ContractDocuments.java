package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Generates the machine-readable event contract from the records and {@link Topics}: one JSON Schema
 * (draft 7, the dialect AsyncAPI 3 embeds) per event type and an AsyncAPI 3 document for the topics.
 * The results are committed under {@code src/main/resources/asyncapi} and served by the gateway;
 * {@link ContractDocumentsTest} keeps them equal to what this generates.
 */
final class ContractDocuments {

    /** The version of the event contract: it changes only with a breaking change, which is a new API version. */
    static final String CONTRACT_VERSION = "1.0.0";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SchemaGenerator generator;

    ContractDocuments() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                // nested records are written in place: a schema embedded in the AsyncAPI document cannot
                // point into its own "definitions"
                .with(Option.INLINE_ALL_SCHEMAS)
                // readers ignore fields they do not know, so a schema never forbids additions
                .without(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
        config.forFields()
                .withNullableCheck(ContractDocuments::nullable)
                .withRequiredCheck(field -> !nullable(field))
                .withDescriptionResolver(ContractDocuments::commonDescription);
        // properties in the record's order, the order the codec writes them
        config.forTypesInGeneral().withPropertySorter((first, second) -> Integer.compare(order(first), order(second)));
        config.forTypesInGeneral().withStringFormatResolver(
                scope -> scope.getType().getErasedType() == Instant.class ? "date-time" : null);
        generator = new SchemaGenerator(config.build());
    }

    /** A field may be absent (or null) exactly when its record component is {@code @Nullable}. */
    private static boolean nullable(FieldScope field) {
        return field.getRawMember().getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    private static int order(MemberScope<?, ?> member) {
        Class<?> record = member.getDeclaringType().getErasedType();
        RecordComponent[] components = record.getRecordComponents();
        for (int i = 0; components != null && i < components.length; i++) {
            if (components[i].getName().equals(member.getSchemaPropertyName())) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The fields every event has are described once, on {@link Event}. */
    private static String commonDescription(FieldScope field) {
        try {
            Method method = Event.class.getMethod(field.getName());
            JsonPropertyDescription description = method.getAnnotation(JsonPropertyDescription.class);
            return description == null ? null : description.value();
        } catch (NoSuchMethodException notCommon) {
            return null;
        }
    }

    /** Every event type's schema, by type name in alphabetical order. */
    Map<String, ObjectNode> schemas() {
        Map<String, ObjectNode> schemas = new TreeMap<>();
        EventCodec.types().forEach((type, record) -> schemas.put(type, schema(type, record)));
        return schemas;
    }

    ObjectNode schema(String type, Class<? extends Event> record) {
        ObjectNode schema = generator.generateSchema(record);
        ObjectNode ordered = JSON.objectNode();
        ordered.set("$schema", schema.remove("$schema"));
        ordered.put("title", type);
        ordered.set("description", schema.remove("description"));
        ordered.setAll(schema);
        ObjectNode eventType = (ObjectNode) ordered.with("properties").get("eventType");
        eventType.put("const", type);
        // no maximum: a reader validating with today's schema must accept tomorrow's additive versions
        ((ObjectNode) ordered.with("properties").get("schemaVersion")).put("minimum", 1);
        return ordered;
    }

    /** The AsyncAPI 3 document of the suite's topics, with every event type's schema in its components. */
    ObjectNode asyncApi() {
        ObjectNode doc = JSON.objectNode();
        doc.put("asyncapi", "3.1.0");
        doc.putObject("info")
                .put("title", "so-mining events")
                .put("version", CONTRACT_VERSION)
                .put("description", """
                        The events the suite publishes on Kafka. Every value is a JSON object with eventId, eventType, \
                        schemaVersion and occurredAt; the event-type header names its type, so a consumer can route \
                        before parsing. Fields are only ever added (schemaVersion grows); a change that would break a \
                        consumer is a new event type. Readers ignore fields they do not know. Order holds per key. \
                        A new subscriber reads a topic from the start: so.questions is kept forever, so.classifications \
                        is compacted (the latest event per key is the current state). See docs/events.md.""");
        doc.with("info").putArray("tags").addObject().put("name", "so-mining")
                .put("description", "Stack Overflow mining: ingest, classification, metrics and labeling");
        doc.put("defaultContentType", "application/json");
        ObjectNode servers = doc.putObject("servers");
        servers.putObject("local").put("host", "127.0.0.1:19092").put("protocol", "kafka")
                .put("description", "the local stack (./suite up); SUITE_KAFKA_PORT moves it");
        servers.putObject("kubernetes").put("host", "so-mining-kafka-bootstrap:9092").put("protocol", "kafka")
                .put("description", "inside the cluster (deploy/k8s)");

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        Map<String, ObjectNode> eventSchemas = schemas();
        for (Topics.TopicSpec topic : Topics.ALL) {
            String channelId = channelId(topic.name());
            ObjectNode channel = channels.putObject(channelId);
            channel.put("address", topic.name());
            channel.put("title", topic.name());
            channel.put("description", "Key: " + topic.key() + ". Produced by " + topic.producer() + ". Cleanup: "
                    + topic.cleanupPolicy() + (topic.retentionMs() < 0 ? ", kept forever."
                            : ", kept " + topic.retentionMs() / (24 * 3600 * 1000) + " days."));
            ObjectNode channelMessages = channel.putObject("messages");
            for (String type : topic.eventTypes()) {
                channelMessages.putObject(type).put("$ref", "#/components/messages/" + type);
            }
            ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
            kafka.put("topic", topic.name());
            kafka.put("partitions", topic.partitions());
            ObjectNode topicConfiguration = kafka.putObject("topicConfiguration");
            topicConfiguration.putArray("cleanup.policy").add(topic.cleanupPolicy());
            topicConfiguration.put("retention.ms", topic.retentionMs());
            kafka.put("bindingVersion", "0.5.0");

            ObjectNode send = operations.putObject("publish" + capitalized(channelId));
            send.put("action", "send");
            send.putObject("channel").put("$ref", "#/channels/" + channelId);
            send.put("summary", topic.producer() + " publishes " + String.join(", ", topic.eventTypes()));
            send.put("description", "Through a transactional outbox: an event exists exactly when the state it reports "
                    + "was committed; a crash before it is marked published republishes it with the same eventId.");
            send.putObject("x-producer").put("service", topic.producer());

            ObjectNode receive = operations.putObject("consume" + capitalized(channelId));
            receive.put("action", "receive");
            receive.putObject("channel").put("$ref", "#/channels/" + channelId);
            receive.put("description", "Order holds per key; events of different keys arrive in any order. An event "
                    + "may arrive twice (with the same eventId): consumers deduplicate or upsert on the key.");
            receive.put("summary", topic.consumerGroups().isEmpty()
                    ? "read by people and alerting, and by any subscriber with its own group"
                    : "consumed by " + String.join(", ", topic.consumers()) + ", and by any subscriber with its own group");
            if (!topic.consumerGroups().isEmpty()) {
                ObjectNode kafkaOperation = receive.putObject("bindings").putObject("kafka");
                ArrayNode groups = kafkaOperation.putObject("groupId").put("type", "string")
                        .put("description", "the suite's own consumer groups on this topic; a subscriber uses another")
                        .putArray("examples");
                topic.consumerGroups().forEach(groups::add);
                kafkaOperation.put("bindingVersion", "0.5.0");
            }

            for (String type : topic.eventTypes()) {
                ObjectNode message = messages.putObject(type);
                message.put("name", type);
                message.put("title", type);
                message.put("description", eventSchemas.get(type).path("description").asText());
                message.put("contentType", "application/json");
                ObjectNode headers = message.putObject("headers").put("type", "object");
                headers.putArray("required").add(Topics.EVENT_TYPE_HEADER);
                headers.putObject("properties").putObject(Topics.EVENT_TYPE_HEADER)
                        .put("type", "string").put("const", type)
                        .put("description", "the event's type, to route on before parsing the value");
                // AsyncAPI's default schema format is a superset of JSON Schema draft 7, the schemas' dialect
                message.putObject("payload").put("$ref", "#/components/schemas/" + type);
                message.putObject("bindings").putObject("kafka")
                        .put("bindingVersion", "0.5.0")
                        .putObject("key").put("type", "string").put("description", topic.key());
            }
        }
        eventSchemas.forEach((type, schema) -> {
            ObjectNode embedded = schema.deepCopy();
            embedded.remove("$schema");
            schemas.set(type, embedded);
        });
        return doc;
    }

    private static String channelId(String topic) {
        // so.dead-letters -> deadLetters
        String[] words = topic.substring(topic.indexOf('.') + 1).split("-");
        StringBuilder id = new StringBuilder(words[0]);
        Arrays.stream(words).skip(1).forEach(word -> id.append(capitalized(word)));
        return id.toString();
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
