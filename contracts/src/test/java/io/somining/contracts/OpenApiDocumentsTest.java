package io.somining.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed OpenAPI documents (api/openapi, kept equal to what the services serve by their tests). */
class OpenApiDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldGiveEveryJsonRequestBodyAnExampleItsSchemaAccepts() throws IOException {
        List<String> problems = new ArrayList<>();
        int examples = 0;
        for (Path file : documents()) {
            JsonNode document = JSON.readTree(file.toFile());
            for (var path : iterable(document.path("paths").fields())) {
                for (var operation : iterable(path.getValue().fields())) {
                    JsonNode json = operation.getValue().path("requestBody").path("content").path("application/json");
                    if (json.isMissingNode()) {
                        continue;
                    }
                    String where = file.getFileName() + " " + operation.getKey() + " " + path.getKey();
                    if (!json.path("examples").isObject() || json.path("examples").isEmpty()) {
                        problems.add(where + ": no example");
                        continue;
                    }
                    // the operation's schema, its references resolved against the document's components
                    ObjectNode schema = json.path("schema").deepCopy();
                    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
                    schema.set("components", document.path("components"));
                    var validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
                    for (var example : iterable(json.path("examples").fields())) {
                        examples++;
                        validator.validate(example.getValue().path("value")).forEach(message ->
                                problems.add(where + " example " + example.getKey() + ": " + message.getMessage()));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(examples).as("examples checked").isGreaterThanOrEqualTo(14);
    }

    @Test
    void shouldDeclareWhereEveryServiceIsReachedThroughTheGateway() throws IOException {
        for (Path file : documents()) {
            String name = file.getFileName().toString().replace(".json", "");
            String expected = name.equals("gateway") ? "/" : "/api/" + name;
            assertThat(JSON.readTree(file.toFile()).at("/servers/0/url").asText()).as(name).isEqualTo(expected);
        }
    }

    static List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../api/openapi"))) {
            List<Path> documents = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            assertThat(documents).as("the committed OpenAPI documents").hasSize(5);
            return documents;
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
