package io.somining.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed event contract (src/main/resources/asyncapi) is what the records generate. After a change
 * to an event record or a topic, {@code ./mvnw -pl contracts test -Dcontracts.write=true} rewrites it.
 */
class ContractDocumentsTest {

    static final Path DIRECTORY = Path.of("src/main/resources/asyncapi");
    private static final boolean WRITE = Boolean.getBoolean("contracts.write");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private final ContractDocuments documents = new ContractDocuments();

    @Test
    void shouldCommitOneSchemaPerEventRecordAsTheRecordsGenerateIt() throws IOException {
        Map<String, ObjectNode> generated = documents.schemas();
        Path schemas = DIRECTORY.resolve("schemas");
        if (WRITE) {
            Files.createDirectories(schemas);
            try (Stream<Path> old = Files.list(schemas)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            for (var entry : generated.entrySet()) {
                Files.writeString(schemas.resolve(entry.getKey() + ".json"),
                        JSON.writeValueAsString(entry.getValue()) + "\n");
            }
        }

        Set<String> committed;
        try (Stream<Path> files = Files.list(schemas)) {
            committed = files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(committed).as("a schema per event type, and none for a type that is gone")
                .isEqualTo(generated.keySet().stream().map(type -> type + ".json").collect(Collectors.toSet()));
        for (var entry : generated.entrySet()) {
            JsonNode file = JSON.readTree(schemas.resolve(entry.getKey() + ".json").toFile());
            assertThat(file).as("%s.json is stale: regenerate with -Dcontracts.write=true", entry.getKey())
                    .isEqualTo(entry.getValue());
        }
    }

    @Test
    void shouldCommitTheAsyncApiDocumentAsTheTopicsGenerateIt() throws IOException {
        ObjectNode generated = documents.asyncApi();
        Path file = DIRECTORY.resolve("asyncapi.yaml");
        if (WRITE) {
            Files.createDirectories(DIRECTORY);
            Files.writeString(file, "# Generated from contracts (Topics, the event records) by ContractDocumentsTest; "
                    + "do not edit.\n" + YAML.writeValueAsString(generated));
        }
        // compared as read back, where a number is the narrowest that holds it
        assertThat(YAML.readTree(file.toFile())).as("asyncapi.yaml is stale: regenerate with -Dcontracts.write=true")
                .isEqualTo(YAML.readTree(YAML.writeValueAsString(generated)));
    }
}
