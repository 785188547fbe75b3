package io.somining.stack;

import io.somining.contracts.Roles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./suite up [--fresh] [--no-samples] [--instances N]}, {@code ./suite down}, {@code ./suite status},
 * {@code ./suite scale N},
 * {@code ./suite token USER ROLES [HOURS]}: the local stack from the command line.
 */
public final class StackMain {

    private StackMain() {
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        StackSettings settings = StackSettings.fromEnvironment(Path.of(System.getProperty("suite.root", ".")),
                System.getenv());
        LocalStack stack = new LocalStack(settings, System.out);
        try {
            switch (command) {
                case "up" -> {
                    int instances = instances(arguments);
                    System.out.println("Starting the stack (run folder " + settings.runDir() + "):");
                    List<String> started = stack.up(arguments.contains("--fresh"));
                    if (instances > 1) {
                        stack.scale(instances);
                    }
                    if (started.size() < LocalStack.COMPONENTS.size()) {
                        // the samples were loaded when the stack first came up; its data stayed
                        System.out.println(started.isEmpty() ? "Everything was already running."
                                : "Started " + String.join(", ", started) + "; the rest was running (samples not loaded again).");
                    } else if (!arguments.contains("--no-samples")) {
                        String admin = stack.issueToken("suite-launcher", List.of(Roles.ADMIN), Duration.ofHours(1));
                        new SampleRun(settings.gatewayUrl(), admin, System.out).run(settings);
                        reproduce(stack, settings, SampleRun.STUDY);
                    }
                }
                case "scale" -> {
                    // ./suite scale N: N instances each of the classifier and the metrics, in one consumer group each
                    if (arguments.size() < 2) {
                        throw new StackException("usage: ./suite scale INSTANCES (1 to " + LocalStack.MAX_INSTANCES + ")");
                    }
                    stack.scale((int) number("INSTANCES", arguments.get(1)));
                }
                case "down" -> {
                    List<String> stopped = stack.down();
                    System.out.println(stopped.isEmpty() ? "Nothing was running." : "Stopped " + String.join(", ", stopped) + ".");
                }
                case "token" -> {
                    // ./suite token USER ROLE[,ROLE...] [HOURS]
                    if (arguments.size() < 3) {
                        throw new StackException("usage: ./suite token USER ROLE[,ROLE...] [HOURS], roles among " + Roles.ALL);
                    }
                    long hours = arguments.size() > 3 ? number("HOURS", arguments.get(3)) : 8;
                    System.out.println(stack.issueToken(arguments.get(1), List.of(arguments.get(2).split(",")),
                            Duration.ofHours(hours)));
                }
                case "generate" -> {
                    // ./suite generate MEGABYTES [SEED] [FOLDER]: a synthetic Stack Overflow-shaped dump
                    if (arguments.size() < 2) {
                        throw new StackException("usage: ./suite generate MEGABYTES [SEED] [FOLDER under data/]");
                    }
                    long megabytes = number("MEGABYTES", arguments.get(1));
                    long seed = arguments.size() > 2 ? number("SEED", arguments.get(2)) : 42;
                    String folder = arguments.size() > 3 ? arguments.get(3) : "generated/synthetic.example_2024-01";
                    Path posts = settings.dumpsDir().resolve(folder).resolve("Posts.xml");
                    SyntheticDump.Stats stats = SyntheticDump.write(posts, megabytes << 20, seed);
                    System.out.printf("Wrote %s: %d MB, %d questions (%d with DL tags), %d answers, %d accepted%n",
                            posts, stats.bytes() >> 20, stats.questions(), stats.dlQuestions(), stats.answers(),
                            stats.acceptedAnswers());
                    System.out.println("Ingest it with: POST /api/ingest/jobs {\"path\":\"" + folder + "\"}");
                }
                case "benchmark" -> {
                    // ./suite benchmark MEGABYTES: against the running stack
                    if (arguments.size() < 2) {
                        throw new StackException("usage: ./suite benchmark MEGABYTES (with the stack up)");
                    }
                    new Benchmark(stack, System.out).run(number("MEGABYTES", arguments.get(1)));
                }
                case "benchmark-pipeline" -> {
                    // ./suite benchmark-pipeline MEGABYTES: one end-to-end run at that size, everything running
                    if (arguments.size() < 2) {
                        throw new StackException("usage: ./suite benchmark-pipeline MEGABYTES (with the stack up)");
                    }
                    new Benchmark(stack, System.out).runPipeline(number("MEGABYTES", arguments.get(1)));
                }
                case "benchmark-metrics" -> {
                    // ./suite benchmark-metrics MILLIONS: the metrics endpoints on a corpus of that many questions
                    if (arguments.size() < 2) {
                        throw new StackException("usage: ./suite benchmark-metrics MILLIONS (with the stack up)");
                    }
                    new MetricsBenchmark(stack, System.out).run(number("MILLIONS", arguments.get(1)));
                }
                case "hostile" -> {
                    // ./suite hostile [--long]: every operation of every OpenAPI document sent hostile requests
                    HostileRequests sweep = new HostileRequests(settings.gatewayUrl(),
                            roles -> stack.issueToken("hostile-" + String.join("-", roles), roles, Duration.ofHours(2)),
                            arguments.contains("--long") ? HostileRequests.Sizes.LONG : HostileRequests.Sizes.SHORT);
                    List<HostileRequests.Tally> tallies;
                    try {
                        tallies = sweep.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StackException("interrupted");
                    }
                    HostileRequests.print(sweep, tallies, System.out);
                    if (tallies.stream().anyMatch(tally -> !tally.findings().isEmpty())) {
                        System.exit(1);
                    }
                }
                case "rebuild" -> {
                    // ./suite rebuild metrics|classifier: a consumer's projection rebuilt from the topics (docs/operations.md)
                    if (arguments.size() < 2) {
                        throw new StackException("usage: ./suite rebuild metrics|classifier (with the stack up)");
                    }
                    if (!new ProjectionRebuild(stack, System.out).run(arguments.get(1), Duration.ofHours(6))) {
                        System.exit(1);
                    }
                }
                case "chaos" -> {
                    // ./suite chaos [--seed S] [--minutes M] [--megabytes N]: faults injected into a run, compared with a clean run
                    long seed = option(arguments, "--seed", new java.security.SecureRandom().nextInt(1_000_000));
                    long minutes = option(arguments, "--minutes", 3);
                    long megabytes = option(arguments, "--megabytes", minutes >= 30 ? 200 : 50);
                    boolean passed;
                    try {
                        passed = new Chaos(settings, System.out).run(new Chaos.Options(seed, Duration.ofMinutes(minutes),
                                megabytes, Duration.ofSeconds(10), Duration.ofSeconds(minutes >= 30 ? 60 : 20)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StackException("interrupted");
                    }
                    if (!passed) {
                        System.exit(1);
                    }
                }
                case "load" -> {
                    // ./suite load [--short]: Gatling's readers, a greedy client, an ingest job and a reclassification
                    if (arguments.size() > 2 || arguments.size() == 2 && !arguments.get(1).equals("--short")) {
                        throw new StackException("usage: ./suite load [--short] (the long form takes about 5 minutes)");
                    }
                    int status;
                    try {
                        status = new LoadRun(stack, System.out).run(arguments.contains("--short"));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StackException("interrupted");
                    }
                    if (status != 0) {
                        System.exit(status);
                    }
                }
                case "reproduce" -> {
                    // ./suite reproduce [STUDY]: its replication plan (data/studies/STUDY/replication.json) through the gateway
                    String study = arguments.size() > 1 ? arguments.get(1) : SampleRun.STUDY;
                    reproduce(stack, settings, study);
                }
                case "restart" -> {
                    // ./suite restart NAME: stops one component and starts it again, the data kept
                    if (arguments.size() < 2) {
                        throw new StackException("usage: ./suite restart NAME, one of " + String.join(", ", LocalStack.COMPONENTS));
                    }
                    stack.restart(arguments.get(1));
                }
                case "status" -> stack.status().forEach((component, state) -> System.out.printf("%-13s %s%n", component, state));
                default -> {
                    System.out.println("usage: ./suite up [--fresh] [--no-samples] [--instances N] | down | restart NAME | status | scale N"
                            + " | token USER ROLES [HOURS] | reproduce [STUDY] | hostile [--long] | rebuild metrics|classifier"
                            + " | chaos [--seed S] [--minutes M] [--megabytes N] | load [--short]"
                            + " | generate MEGABYTES [SEED] [FOLDER] | benchmark MEGABYTES | benchmark-pipeline MEGABYTES"
                            + " | benchmark-metrics MILLIONS");
                    System.exit(command.equals("help") ? 0 : 2);
                }
            }
        } catch (StackException | io.somining.report.ReportException | java.io.IOException | java.sql.SQLException
                | NumberFormatException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** An argument that must be a whole number, or a refusal naming it. */
    private static long number(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new StackException(name + " must be a whole number, not '" + text + "'");
        }
    }

    /** {@code NAME VALUE} among the arguments, a whole number, or the fallback when absent. */
    private static long option(List<String> arguments, String name, long fallback) {
        int at = arguments.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= arguments.size()) {
            throw new StackException(name + " needs a number");
        }
        return number(name, arguments.get(at + 1));
    }

    /** {@code --instances N}: how many instances of each consumer service {@code up} starts (1 unless given). */
    private static int instances(List<String> arguments) {
        int at = arguments.indexOf("--instances");
        if (at < 0) {
            return 1;
        }
        if (at + 1 >= arguments.size()) {
            throw new StackException("--instances needs a number, e.g. --instances 2");
        }
        long instances = number("--instances", arguments.get(at + 1));
        LocalStack.checkInstances(instances);
        return (int) instances;
    }

    /**
     * Writes {@code reproduction/STUDY/} (or below {@code SUITE_REPORTS_DIR}) from the study's replication plan, reading the suite through the
     * gateway with a reader's token, as a dashboard would.
     */
    private static void reproduce(LocalStack stack, StackSettings settings, String study) {
        Path plan = settings.dumpsDir().resolve("studies").resolve(study).resolve("replication.json");
        if (!java.nio.file.Files.isRegularFile(plan)) {
            throw new StackException("no replication plan for study " + study + ": " + plan + " is missing");
        }
        String reader = stack.issueToken("suite-reproduction", List.of(Roles.READER), Duration.ofHours(1));
        Path out = settings.reportsDir().resolve(study);
        System.out.println();
        io.somining.report.ReportMain.run(new io.somining.report.Gateway(settings.gatewayUrl(), reader), plan, out);
        System.out.println("The report: " + out.resolve("index.html") + " (and report.md, one CSV per table)");
    }
}
