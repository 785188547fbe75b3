package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local stack's PostgreSQL as a fresh machine starts it: binaries never extracted (a location of this test's
 * own, not the one the other tests warm up), then again after an extraction that died half-way.
 */
class FirstStartIT {

    private LocalStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void shouldStartPostgresWhereItsBinariesWereNeverExtractedAndAfterAnInterruptedExtraction() throws Exception {
        Path root = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
        Path run = Files.createTempDirectory("suite-first-start-");
        Path binaries = run.resolve("binaries");
        Map<String, String> env = new HashMap<>();
        env.put("SUITE_RUN_DIR", run.toString());
        env.put("SUITE_POSTGRES_BINARIES_DIR", binaries.toString());
        env.put("SUITE_POSTGRES_PORT", Integer.toString(TestFolders.freePort()));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        stack = new LocalStack(StackSettings.fromEnvironment(root, env), new PrintStream(said, true, StandardCharsets.UTF_8));

        stack.startPostgres();

        assertThat(answers()).isEqualTo(1);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("binaries extracted into " + binaries);
        Path extracted = onlyExtraction(binaries);
        long serverSize = Files.size(extracted.resolve("bin/postgres"));
        assertThat(stack.stop("postgres")).isTrue();

        // what a killed extraction leaves: no marker, a truncated server binary
        Files.delete(extracted.resolve(".exists"));
        Files.write(extracted.resolve("bin/postgres"), new byte[] {0x7f, 'E', 'L', 'F'});

        stack.startPostgres();

        assertThat(answers()).isEqualTo(1);
        assertThat(Files.size(onlyExtraction(binaries).resolve("bin/postgres"))).isEqualTo(serverSize);
    }

    private int answers() throws Exception {
        try (Connection connection = stack.superuser("postgres");
                ResultSet one = connection.createStatement().executeQuery("SELECT 1")) {
            one.next();
            return one.getInt(1);
        }
    }

    private static Path onlyExtraction(Path binaries) throws IOException {
        try (Stream<Path> entries = Files.list(binaries)) {
            List<Path> extractions = entries.filter(p -> p.getFileName().toString().startsWith("PG-")).toList();
            assertThat(extractions).hasSize(1);
            return extractions.get(0);
        }
    }

}
