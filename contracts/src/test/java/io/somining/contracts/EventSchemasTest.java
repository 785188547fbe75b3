package io.somining.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The committed schemas accept what the codec writes and refuse what a consumer could not read. */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2019-05-01T10:15:30.123Z");

    /** One event of every type, optional fields absent where they can be. */
    static final List<Event> SAMPLES = List.of(
            QuestionUpserted.of("stackoverflow.com", "stackoverflow.com@2020-03", 42L, T, null, "How to serve?",
                    "<p>body</p>", List.of("tensorflow"), null, 0, null),
            QuestionUpserted.of("stackoverflow.com", "stackoverflow.com@2020-03", 43L, T, 7L, "t", "b", List.of(), 44L,
                    2, T),
            AcceptedAnswerLinked.of("ai.stackexchange.com", 7, 9, T),
            QuestionDeleted.of("ai.stackexchange.com", 7, "ai.stackexchange.com@2021-06"),
            QuestionClassified.of("fse2020", 3, "stackoverflow.com", 42L, List.of("C"),
                    List.of(new QuestionClassified.SetMatch("C", List.of(
                            new QuestionClassified.PredicateMatch("tags any [tensorflow]", "tags", "tensorflow")))),
                    List.of("C", "D", "E")),
            TaxonomyPublished.of("fse2020", 2, "Deployment challenges", 90, 72),
            LabelRecorded.of("r1", "fse2020", "C", "stackoverflow.com", 42L, "ann", "ARBITRATOR", List.of("n7")),
            LabelRecorded.withheld("r1", "fse2020", "C", "stackoverflow.com", 42L, "bob", "RATER"),
            LabelFinalized.of("r1", "CATEGORY", "fse2020", "C", "stackoverflow.com", 42L, List.of("n7"), "AGREED"),
            DeadLetter.of("metrics-service", "so.questions", 3, 1234L, null, null, null, "empty value"));

    @Test
    void shouldAcceptEveryEventTheCodecWrites() throws IOException {
        Set<String> covered = new TreeSet<>();
        for (Event event : SAMPLES) {
            Set<ValidationMessage> errors = schema(event.eventType()).validate(JSON.readTree(EventCodec.encode(event)));
            assertThat(errors).as("%s as the codec writes it", event.eventType()).isEmpty();
            covered.add(event.eventType());
        }
        assertThat(covered).as("a sample of every type").isEqualTo(new TreeSet<>(EventCodec.types().keySet()));
    }

    @Test
    void shouldAcceptAnEventWrittenBeforeAFieldWasAddedAndAFieldAddedLater() throws IOException {
        ObjectNode older = (ObjectNode) JSON.readTree(EventCodec.encode(SAMPLES.get(4)));
        older.remove("studySets");
        older.put("schemaVersion", 1);
        older.put("addedByANewerProducer", true);

        assertThat(schema(QuestionClassified.TYPE).validate(older)).isEmpty();
    }

    @Test
    void shouldRefuseAMissingFieldAWrongTypeAndAnotherTypesEvent() throws IOException {
        JsonNode valid = JSON.readTree(EventCodec.encode(SAMPLES.get(0)));
        JsonSchema schema = schema(QuestionUpserted.TYPE);

        ObjectNode missing = valid.deepCopy();
        missing.remove("postId");
        ObjectNode retyped = valid.deepCopy();
        retyped.put("answerCount", "two");
        ObjectNode nullTitle = valid.deepCopy();
        nullTitle.putNull("title");
        ObjectNode badTime = valid.deepCopy();
        badTime.put("creationDate", "yesterday");
        JsonNode other = JSON.readTree(EventCodec.encode(SAMPLES.get(2)));

        assertThat(messages(schema, missing)).anyMatch(message -> message.contains("postId"));
        assertThat(messages(schema, retyped)).anyMatch(message -> message.contains("answerCount"));
        assertThat(messages(schema, nullTitle)).anyMatch(message -> message.contains("title"));
        assertThat(messages(schema, badTime)).anyMatch(message -> message.contains("creationDate"));
        assertThat(messages(schema, other)).anyMatch(message -> message.contains("eventType"));
    }

    @Test
    void shouldNameTheConsumerGroupsTheServicesConfigure() throws IOException {
        Map<String, Set<String>> configured = new TreeMap<>();
        try (var modules = Files.list(Path.of(".."))) {
            for (Path module : modules.toList()) {
                Path properties = module.resolve("src/main/resources/application.properties");
                if (Files.exists(properties)) {
                    Properties read = new Properties();
                    try (Reader reader = Files.newBufferedReader(properties)) {
                        read.load(reader);
                    }
                    read.stringPropertyNames().stream().filter(name -> name.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic"))
                            .forEach(name -> configured.computeIfAbsent(read.getProperty(name), topic -> new TreeSet<>())
                                    .add(read.getProperty(name.replace(".topic", ".group.id"))));
                }
            }
        }
        Map<String, Set<String>> declared = new TreeMap<>();
        Topics.ALL.stream().filter(topic -> !topic.consumerGroups().isEmpty())
                .forEach(topic -> declared.put(topic.name(), new TreeSet<>(topic.consumerGroups())));

        assertThat(configured).as("consumer groups in the services' application.properties").isNotEmpty()
                .isEqualTo(declared);
    }

    private static List<String> messages(JsonSchema schema, JsonNode event) {
        List<String> messages = new ArrayList<>();
        schema.validate(event).forEach(message -> messages.add(message.getMessage()));
        return messages;
    }

    private static JsonSchema schema(String type) throws IOException {
        try (InputStream in = EventSchemasTest.class.getResourceAsStream("/asyncapi/schemas/" + type + ".json")) {
            assertThat(in).as("schema of %s on the classpath", type).isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in));
        }
    }
}
