package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The short form of {@code ./suite load} (issue 27, part 3) on a stack of its own holding the study's artifact: 8 and 64
 * readers, 64 beside a greedy client, 64 while an ingest job and a reclassification run. The long form is
 * {@code ./suite load}.
 */
class LoadIT {

    @Test
    void shouldServeEveryReaderHoldTheGreedyClientToItsLimitAndFinishBothJobsUnderLoad() throws Exception {
        // given a stack of the test's own with the study's released posts ingested and counted
        Path root = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
        Path runDir = Files.createTempDirectory("suite-load-it-");
        Path dumps = Files.createDirectories(runDir.resolve("dumps"));
        TestFolders.copy(root.resolve("data/samples/fse2020-artifact"), dumps.resolve("samples/fse2020-artifact"));
        Map<String, String> env = new HashMap<>();
        env.put("SUITE_RUN_DIR", runDir.toString());
        env.put("SUITE_DUMPS_DIR", dumps.toString());
        for (String name : List.of("POSTGRES", "KAFKA", "KAFKA_CONTROLLER", "INGEST", "CLASSIFIER", "METRICS", "TAXONOMY",
                "GATEWAY")) {
            env.put("SUITE_" + name + "_PORT", Integer.toString(TestFolders.freePort()));
        }
        LocalStack stack = new LocalStack(StackSettings.fromEnvironment(root, env), System.out);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TestFolders.Tee(printed, System.out), true, StandardCharsets.UTF_8);
        int status;
        try {
            stack.up(false);
            SampleRun client = new SampleRun(stack.settings().gatewayUrl(),
                    stack.issueToken("load-it", List.of("admin"), Duration.ofHours(1)), out);
            client.ingest("samples/fse2020-artifact", Duration.ofMinutes(5));
            client.awaitSettledConsistency("stackoverflow.com", Duration.ofMinutes(5));

            // when the short load run goes through the gateway
            status = new LoadRun(stack, out).run(true);
        } finally {
            stack.down();
        }

        // then every check passed: no reader failed, the greedy client was refused and held to its limit, both jobs ended
        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("Load run: PASSED", "ingest job under load: SUCCEEDED",
                "reclassification under load: DONE", "-- 64 readers + a greedy client", "greedy client: GET /metrics");
        try (Stream<Path> runs = Files.list(runDir.resolve("load/results"))) {
            assertThat(runs.filter(run -> Files.exists(run.resolve("index.html")))).hasSize(1);
        }
        TestFolders.deleteRecursively(runDir);
    }
}
