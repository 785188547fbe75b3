package io.somining.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Spectral's standard OpenAPI and AsyncAPI rulesets (with the exceptions .spectral.yaml explains) report nothing on
 * the committed contracts. Spectral comes from the npm registry through npx, pinned; it needs Node.js on the PATH.
 */
class ContractLintTest {

    static final String SPECTRAL = "@stoplight/spectral-cli@6.16.3";

    @Test
    void shouldPassSpectralsRulesetsWithNothingToReport() throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of("npx", "--yes", SPECTRAL, "lint", "--ruleset", ".spectral.yaml",
                "--fail-severity", "hint", "--format", "text"));
        for (Path document : OpenApiDocumentsTest.documents()) {
            command.add(root.relativize(document.toAbsolutePath().normalize()).toString());
        }
        command.add("contracts/src/main/resources/asyncapi/asyncapi.yaml");
        Process spectral;
        try {
            spectral = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        } catch (IOException noNode) {
            throw new AssertionError("npx (Node.js) is not on the PATH: it runs Spectral on the contracts", noNode);
        }
        String output = new String(spectral.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(spectral.waitFor(10, TimeUnit.MINUTES)).as("Spectral finished").isTrue();
        assertThat(spectral.exitValue()).as("Spectral's findings:\n%s", output).isZero();
        assertThat(output).contains("No results");
    }
}
