package io.somining.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somining.contracts.Roles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./suite load [--short]}: the load run against the running stack. Prepares what needs the stack's
 * secrets and data folder (one token per reader, the generated dump the ingest job reads) and starts the load
 * JVM ({@code deploy/load}: Gatling, on its own class path), whose exit status it answers.
 */
public final class LoadRun {

    /** Readers of the longest staircase step, each its own client (deploy/load's LoadMain.Form.LONG). */
    static final int MOST_READERS = 256;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final PrintStream out;

    public LoadRun(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** Runs the load JVM to its end; answers its exit status (0: every check passed). */
    public int run(boolean shortForm) throws IOException, InterruptedException {
        StackSettings settings = stack.settings();
        Path jar = settings.root().resolve("deploy/load/target/load-run.jar");
        Path lib = settings.root().resolve("deploy/load/target/lib");
        if (!Files.exists(jar) || !Files.isDirectory(lib)) {
            throw new StackException("the load run is not built: ./mvnw -B -DskipTests install (or ./suite up builds it)");
        }
        Path folder = settings.runDir().resolve("load");
        Files.createDirectories(folder);
        long megabytes = shortForm ? 20 : 200;
        // the site is named after the folder (<site>_<yyyy-mm>)
        String dump = "generated/load-" + megabytes + "mb.example_2024-01";
        Path posts = settings.dumpsDir().resolve(dump).resolve("Posts.xml");
        if (!Files.exists(posts)) {
            out.printf("Generating the ingest job's dump: %d MB into %s ...%n", megabytes, posts);
            // written aside and moved in whole: a generation interrupted leaves no half dump for the next run
            Path partial = posts.resolveSibling("Posts.xml.partial");
            SyntheticDump.write(partial, megabytes << 20, 7);
            Files.move(partial, posts, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Path tokens = folder.resolve("tokens.json");
        writeTokens(tokens);
        List<String> command = new ArrayList<>(List.of(LocalStack.java(),
                "-Xmx768m", "-XX:+UseParallelGC",
                // Gatling's log writer reads String internals
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                // Gatling keeps the date it last looked for a newer release in the user's preferences: kept here
                "-Djava.util.prefs.userRoot=" + folder.resolve("preferences"),
                "-cp", jar + ":" + lib + "/*", "io.somining.load.LoadMain",
                "--gateway", settings.gatewayUrl(), "--tokens", tokens.toString(),
                "--results", folder.resolve("results").toString(), "--dump", dump,
                "--study-file", settings.root().resolve(SampleRun.EXAMPLE_STUDY).toString(), "--rate-limit", rateLimit(System.getenv())));
        if (shortForm) {
            command.add("--short");
        }
        Process load = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(load.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            lines.lines().forEach(out::println);
            return load.waitFor();
        } finally {
            load.destroy();
        }
    }

    /** The gateway's limit per client as this machine's environment sets it for the stack's gateway, else its default. */
    static String rateLimit(Map<String, String> env) {
        return env.getOrDefault("GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND", "50") + ":"
                + env.getOrDefault("GATEWAY_RATE_LIMIT_BURST", "100");
    }

    /** An admin token for the jobs, one for the greedy client and one per reader; readable by this user only. */
    private void writeTokens(Path file) throws IOException {
        Duration lifetime = Duration.ofHours(2);
        ObjectNode tokens = JSON.createObjectNode();
        tokens.put("admin", stack.issueToken("load-admin", List.of(Roles.ADMIN), lifetime));
        tokens.put("greedy", stack.issueToken("load-greedy", List.of(Roles.READER), lifetime));
        var readers = tokens.putArray("readers");
        for (int i = 1; i <= MOST_READERS; i++) {
            readers.add(stack.issueToken("load-reader-" + i, List.of(Roles.READER), lifetime));
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        JSON.writeValue(file.toFile(), tokens);
    }
}
