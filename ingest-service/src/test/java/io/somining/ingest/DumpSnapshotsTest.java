package io.somining.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.EventCodec;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TopicProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Three consecutive real dumps of one site, ingested in order: each newer one stores and announces
 * exactly what changed (new and edited questions, deleted ones), as computed here from the files.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class DumpSnapshotsTest {

    /** Filed under a site of its own, so that the other tests' events on the same broker do not mix in. */
    private static final String SITE = "ai-snapshots.example";
    private static final List<String> DUMPS = List.of("samples/ai.stackexchange.com_2016-09_postsonly",
            "samples/ai.stackexchange.com_2016-12", "samples/ai.stackexchange.com_2017-03");
    /** The fields whose change must be announced (score and views are not among them). */
    private static final List<String> ANNOUNCED = List.of("PostTypeId", "ParentId", "AcceptedAnswerId",
            "CreationDate", "OwnerUserId", "OwnerDisplayName", "Title", "Body", "Tags", "AnswerCount", "ClosedDate");

    @Test
    void shouldStoreAndAnnounceOnlyWhatEachNewerDumpChanged() throws IOException {
        Map<String, Map<String, String>> previous = Map.of();
        Map<String, Map<String, Map<String, String>>> questionsByDumpId = new HashMap<>();
        long expectedUpserts = 0;
        Set<String> expectedDeleted = new HashSet<>();
        for (String dump : DUMPS) {
            // given: what changed since the previous dump, from the files themselves
            Map<String, Map<String, String>> current = questions(dump);
            questionsByDumpId.put(SITE + "@" + dumpDate(dump), current);
            final Map<String, Map<String, String>> before = previous;
            long changed = current.keySet().stream()
                    .filter(id -> !before.containsKey(id) || ANNOUNCED.stream()
                            .anyMatch(f -> !java.util.Objects.equals(before.get(id).get(f), current.get(id).get(f))))
                    .count();
            Set<String> deleted = before.keySet().stream().filter(id -> !current.containsKey(id))
                    .collect(Collectors.toSet());

            // when
            String id = given().contentType("application/json")
                    .body("{\"path\":\"" + dump + "\",\"site\":\"" + SITE + "\"}").post("/jobs")
                    .then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().get("/jobs/" + id).then().body("state", equalTo("SUCCEEDED")));

            // then
            given().get("/jobs/" + id).then()
                    .body("questions", equalTo(current.size()))
                    .body("changedQuestions", equalTo((int) changed))
                    .body("deletedQuestions", equalTo(deleted.size()));
            expectedUpserts += changed;
            expectedDeleted.addAll(deleted);
            previous = current;
        }
        assertThat(expectedDeleted).isNotEmpty();

        // and the topic carries exactly those upserts and deletions
        long upserts = expectedUpserts;
        List<ConsumerRecord<String, String>> events = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(),
                Topics.QUESTIONS, records -> count(records, "QuestionUpserted") >= upserts
                        && count(records, "QuestionDeleted") >= expectedDeleted.size(), Duration.ofSeconds(30));
        assertThat(count(events, "QuestionUpserted")).isEqualTo(upserts);
        // each upsert carries the question as the dump that changed it holds it
        events.stream().filter(r -> r.key().startsWith(SITE + "/") && type(r).equals("QuestionUpserted"))
                .map(r -> EventCodec.decode(r.value(), QuestionUpserted.class)).forEach(event -> {
                    Map<String, String> inDump = questionsByDumpId.get(event.dumpId()).get(String.valueOf(event.postId()));
                    assertThat(event.title()).as("title of %d in %s", event.postId(), event.dumpId())
                            .isEqualTo(unescape(inDump.get("Title")));
                    assertThat(event.body()).as("body of %d in %s", event.postId(), event.dumpId())
                            .isEqualTo(unescape(inDump.get("Body")));
                });
        assertThat(events.stream().filter(r -> type(r).equals("QuestionDeleted"))
                .map(r -> r.key().substring(SITE.length() + 1)).collect(Collectors.toSet()))
                .isEqualTo(expectedDeleted);
        // a deleted question is no longer served
        given().get("/questions/" + SITE + "/" + expectedDeleted.iterator().next()).then().statusCode(404);
    }

    private static long count(List<ConsumerRecord<String, String>> records, String type) {
        return records.stream().filter(r -> r.key().startsWith(SITE + "/") && type(r).equals(type)).count();
    }

    private static String type(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader(Topics.EVENT_TYPE_HEADER).value(), StandardCharsets.UTF_8);
    }

    /** The dump date a folder's name gives, e.g. 2016-12 for ai.stackexchange.com_2016-12. */
    private static String dumpDate(String dump) {
        Matcher date = Pattern.compile("_(\\d{4}-\\d{2})").matcher(dump);
        assertThat(date.find()).as("dump date in %s", dump).isTrue();
        return date.group(1);
    }

    /** An attribute's value as XML reads it: the five named entities and character references. */
    private static String unescape(String raw) {
        Matcher entity = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);").matcher(raw);
        StringBuilder value = new StringBuilder();
        while (entity.find()) {
            String name = entity.group(1);
            String character = switch (name) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> Character.toString(name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1)));
            };
            entity.appendReplacement(value, Matcher.quoteReplacement(character));
        }
        return entity.appendTail(value).toString();
    }

    /** Question rows by id, each as its raw attributes. */
    private static Map<String, Map<String, String>> questions(String dump) throws IOException {
        String xml = Files.readString(Path.of("../data", dump, "Posts.xml"), StandardCharsets.UTF_8);
        Map<String, Map<String, String>> questions = new HashMap<>();
        Matcher row = Pattern.compile("<row(?:\\s+\\w+=\"[^\"]*\")*\\s*(?:/>|></row>)").matcher(xml);
        Pattern attribute = Pattern.compile(" (\\w+)=\"([^\"]*)\"");
        while (row.find()) {
            Map<String, String> attributes = new HashMap<>();
            Matcher a = attribute.matcher(row.group());
            while (a.find()) {
                attributes.put(a.group(1), a.group(2));
            }
            if ("1".equals(attributes.get("PostTypeId"))) {
                questions.put(attributes.get("Id"), attributes);
            }
        }
        return questions;
    }
}
