package io.somining.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.contracts.EventCodec;
import io.somining.contracts.Topics;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StubServices.class)
class EventContractTest {

    @Test
    void shouldServeTheAsyncApiDocumentOfEveryTopicWithoutAToken() {
        String document = given().get("/asyncapi.yaml").then().statusCode(200)
                .contentType("application/yaml").header("X-Content-Type-Options", "nosniff")
                .extract().asString();

        assertThat(document).startsWith("# Generated from contracts").contains("asyncapi: 3.1.0");
        for (Topics.TopicSpec topic : Topics.ALL) {
            assertThat(document).contains("address: " + topic.name());
            topic.consumerGroups().forEach(group -> assertThat(document).contains("- " + group));
        }
    }

    @Test
    void shouldServeTheSchemaOfEveryEventTypeAndNameTheTypesForAnUnknownOne() {
        for (String type : EventCodec.types().keySet()) {
            given().get("/asyncapi/schemas/" + type + ".json").then().statusCode(200)
                    .contentType("application/schema+json")
                    .body("title", equalTo(type))
                    .body("properties.eventType.const", equalTo(type));
        }
        given().get("/asyncapi/schemas/NoSuchEvent.json").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no event type 'NoSuchEvent'"))
                .body("detail", containsString("QuestionClassified"));
    }

    @Test
    void shouldLinkTheEventContractFromTheSwaggerUi() {
        given().get("/swagger-ui/").then().statusCode(200).body(containsString("href=\"/asyncapi.yaml\""));
    }
}
