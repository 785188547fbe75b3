package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./suite} script's decision to rebuild, on a tree of its own with files dated by the test: it must
 * notice any source or build file newer than the last build (a {@code git pull}, an edit), and never rebuild
 * under a running stack.
 */
class SuiteScriptTest {

    private static final List<String> ARTIFACTS = List.of("ingest-service/target/quarkus-app/quarkus-run.jar",
            "classifier-service/target/quarkus-app/quarkus-run.jar", "metrics-service/target/quarkus-app/quarkus-run.jar",
            "taxonomy-service/target/quarkus-app/quarkus-run.jar", "gateway/target/quarkus-app/quarkus-run.jar",
            "deploy/local/target/local-stack.jar", "deploy/load/target/load-run.jar");
    private static final Instant BUILT = Instant.parse("2026-01-02T10:00:00Z");

    @TempDir
    Path tree;

    @BeforeEach
    void aBuiltTree() throws IOException {
        Path root = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
        Files.copy(root.resolve("suite"), tree.resolve("suite"));
        write("pom.xml", BUILT.minusSeconds(3600));
        write("ingest-service/pom.xml", BUILT.minusSeconds(3600));
        write("ingest-service/src/main/java/A.java", BUILT.minusSeconds(60));
        write("deploy/local/src/main/java/B.java", BUILT.minusSeconds(60));
        write(".mvn/wrapper/maven-wrapper.properties", BUILT.minusSeconds(3600));
        for (String artifact : ARTIFACTS) {
            write(artifact, BUILT);
        }
        Files.createDirectories(tree.resolve("deploy/local/target/lib"));
        Files.createDirectories(tree.resolve("deploy/load/target/lib"));
    }

    @Test
    void shouldTakeABuildNewerThanEverySourceAsCurrent() throws Exception {
        assertThat(stale()).isEqualTo(new Result(1, "the build is current"));
    }

    @Test
    void shouldRebuildAfterAnEditOrAPull() throws Exception {
        write("ingest-service/src/main/java/A.java", BUILT.plusSeconds(5));

        assertThat(stale()).isEqualTo(new Result(0, "ingest-service/src/main/java/A.java changed since the last build"));
    }

    @Test
    void shouldRebuildWhenABuildFileChanged() throws Exception {
        write("pom.xml", BUILT.plusSeconds(5));

        assertThat(stale()).isEqualTo(new Result(0, "pom.xml changed since the last build"));
    }

    @Test
    void shouldBuildWhatIsMissing() throws Exception {
        Files.delete(tree.resolve("gateway/target/quarkus-app/quarkus-run.jar"));

        assertThat(stale()).isEqualTo(new Result(0, "gateway/target/quarkus-app/quarkus-run.jar is not built yet"));
    }

    @Test
    void shouldTakeItsStampOverAJarMavenLeftUntouched() throws Exception {
        // Maven rewrote the services but left the launcher's jar as it was: the stamp says when it built
        write("deploy/local/target/local-stack.jar", BUILT.minusSeconds(7200));
        write("deploy/local/target/suite-built.stamp", BUILT);

        assertThat(stale()).isEqualTo(new Result(1, "the build is current"));

        write("deploy/local/src/main/java/B.java", BUILT.plusSeconds(1));
        assertThat(stale()).isEqualTo(new Result(0, "deploy/local/src/main/java/B.java changed since the last build"));
    }

    @Test
    void shouldRefuseToRebuildUnderARunningStack() throws Exception {
        write("ingest-service/src/main/java/A.java", BUILT.plusSeconds(5));
        Path pids = Files.createDirectories(tree.resolve(".run/pids"));
        Files.writeString(pids.resolve("ingest.pid"), Long.toString(ProcessHandle.current().pid()));

        Result up = run("up");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.output()).isEqualTo("error: ingest-service/src/main/java/A.java changed since the last build,"
                + " but the stack is running on the old build; stop it first (./suite down), then ./suite up rebuilds");
    }

    private Result stale() throws Exception {
        return run("stale");
    }

    private Result run(String command) throws Exception {
        Process process = new ProcessBuilder("bash", tree.resolve("suite").toString(), command)
                .directory(tree.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private void write(String relative, Instant modified) throws IOException {
        Path file = tree.resolve(relative);
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, relative);
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private record Result(int exitCode, String output) {
    }
}
