package io.somining.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somining.contracts.Roles;
import io.somining.contracts.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./suite chaos [--seed S] [--minutes M] [--megabytes N]} (issue 27, part 1): the same work run twice on stacks
 * of their own (their own run folders and free ports, beside any stack already running), once without faults and once
 * while {@link FaultInjector} crashes, freezes and poisons the suite; then every figure of the second run is compared
 * with the first, and what ingest stored with what the dump files hold, counted here.
 *
 * <p>The work: the FSE 2020 samples (the artifact and a real site), a generated dump of a site, a study version
 * published, a newer snapshot of the site (questions gone, retitled, retagged), and a labeling round labeled by two
 * raters and arbitrated. The client behaves as a careful user's would: it retries what failed, and after a create
 * whose answer was lost it looks for what it created before creating it again.
 */
final class Chaos {

    /** The fault-free run's and the faulty run's folders below the stack's run folder. */
    static final List<String> SESSIONS = List.of("clean", "faulty");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_PATIENCE = Duration.ofMinutes(10);
    private static final String STUDY_ID = "model-conversion";
    private static final String ROUND = "chaos round";
    private static final String RATER_A = "chaos-rater-a";
    private static final String RATER_B = "chaos-rater-b";
    private static final String ARBITRATOR = "chaos-arbitrator";

    /**
     * @param faults how long faults are injected at least (every kind at least once, however short)
     * @param megabytes the generated dump's size
     */
    record Options(long seed, Duration faults, long megabytes, Duration shortestFreeze, Duration longestFreeze) {
    }

    /** What one run ended with. */
    record Outcome(Map<String, JsonNode> figures, Map<String, String> stored, JsonNode round, Duration took,
            List<FaultInjector.Fault> faults, List<FaultInjector.Poison> poison, Map<String, List<String>> deadLetters,
            boolean drained, List<String> serverErrors, int firstJobResumed) {
    }

    private final StackSettings base;
    private final PrintStream out;

    Chaos(StackSettings base, PrintStream out) {
        this.base = base;
        this.out = out;
    }

    /** Answers whether the faulty run ended exactly where the fault-free one did, with nothing lost or duplicated. */
    boolean run(Options options) throws IOException, InterruptedException {
        out.printf("Chaos run, seed %d: %d MB generated dump and a newer snapshot of it, faults for at least %d min%n",
                options.seed(), options.megabytes(), options.faults().toMinutes());
        ChaosDumps dumps = ChaosDumps.prepare(base.dumpsDir(), options.megabytes(), options.seed());
        out.println("  expected from the files: " + dumps.expected());
        Outcome clean = session("clean", options, dumps, false);
        Outcome faulty = session("faulty", options, dumps, true);
        return report(options, dumps, clean, faulty);
    }

    private Outcome session(String name, Options options, ChaosDumps dumps, boolean withFaults)
            throws IOException, InterruptedException {
        LocalStack stack = new LocalStack(settings(name), out);
        out.println();
        out.println("The " + name + " run (" + stack.settings().runDir() + "):");
        stack.down();
        stack.up(true);
        long started = System.nanoTime();
        FaultInjector injector = withFaults
                ? new FaultInjector(stack, options.seed(), options.shortestFreeze(), options.longestFreeze(), out)
                : null;
        // interrupted (Ctrl-C), the faults stop and the run's stack too: nothing of it outlives the command
        Thread cleanUp = new Thread(() -> {
            if (injector != null) {
                injector.abort();
            }
            stack.down();
        }, "chaos-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        boolean finished = false;
        try {
            Api api = new Api(stack);
            new SampleRun(stack.settings().gatewayUrl(), api.admin, out).run(stack.settings());
            String[] done = work(api, dumps, injector, options);
            String round = done[0];
            if (injector != null) {
                injector.finish();
            }
            finished = true;
            healed(stack, api);
            List<String> sites = ProjectionRebuild.sites(api.sampleRun());
            List<String> studies = new ArrayList<>();
            api.call("GET", "/api/classifier/studies", null, api.admin).forEach(study -> studies.add(study.get("id").asText()));
            Map<String, JsonNode> figures = ProjectionRebuild.figures(api.sampleRun(), sites, studies, out);
            JsonNode lag = api.call("GET", "/api/metrics/pipeline/lag", null, api.admin);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new Outcome(figures, stored(stack), roundFigures(api, round), took,
                    injector == null ? List.of() : injector.faults(), injector == null ? List.of() : injector.poison(),
                    deadLetters(stack.settings()), lag.get("drained").asBoolean() && lag.get("aggregating").isEmpty(),
                    List.copyOf(api.serverErrors), Integer.parseInt(done[1]));
        } finally {
            if (injector != null && !finished) {
                injector.abort();
            }
            stack.down();
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        }
    }

    /**
     * The same work in both runs, spread over the faults' time in the faulty one (in the fault-free one it runs back to
     * back): the first job, crashed in its middle in the faulty run; the study's first version; the newer snapshot; the
     * labeling round; then further versions of the study, each a replay of every question, that put the questions
     * tagged {@code tensorflow} in and out of its sets by turns. Answers the round's id and how many times the first job
     * was resumed.
     */
    private String[] work(Api api, ChaosDumps dumps, FaultInjector injector, Options options)
            throws IOException, InterruptedException {
        String study = Files.readString(base.root().resolve(SampleRun.EXAMPLE_STUDY));
        String first = api.createOnce("/api/ingest/jobs", job(dumps.older(), ChaosDumps.OLDER_DATE), api.admin,
                () -> api.findJob(dumps.older()));
        long faultsFrom = System.nanoTime();
        if (injector != null) {
            api.awaitRowsRead(first);
            out.println("  faults (at: seconds since the first; recovery: from the component's restart or thaw until"
                    + " every service answers ready):");
            injector.kill("ingest");
            injector.start();
        }
        JsonNode firstJob = api.awaitJob(first);
        api.publishStudy(study);
        String second = api.createOnce("/api/ingest/jobs", job(dumps.newer(), ChaosDumps.NEWER_DATE), api.admin,
                () -> api.findJob(dumps.newer()));
        api.awaitJob(second);
        // the round samples the set's members: only once they are final is the sample the same in both runs
        api.awaitSettled(ChaosDumps.SITE);
        String round = api.createOnce("/api/taxonomy/rounds", "{\"name\":\"" + ROUND + "\",\"kind\":\"CATEGORY\","
                + "\"studyId\":\"" + SampleRun.STUDY + "\",\"setId\":\"A\",\"site\":\"" + ChaosDumps.SITE + "\","
                + "\"taxonomyId\":\"deployment-challenges\",\"raterA\":\"" + RATER_A + "\",\"raterB\":\"" + RATER_B
                + "\",\"arbitrator\":\"" + ARBITRATOR + "\",\"seed\":" + options.seed() + ",\"size\":12}", api.researcher,
                () -> api.findRound(ROUND));
        api.label(round);
        long versions = Math.max(2, options.faults().toMinutes());
        for (int version = 2; version <= versions + 1; version++) {
            if (injector != null) {
                sleepUntil(faultsFrom + options.faults().toNanos() * version / (versions + 2));
            }
            String next = study.replace("version: 1", "version: " + version);
            api.publishStudy(version % 2 == 0 ? next.replace("[tensorflow, ", "[") : next);
        }
        api.awaitReclassified(STUDY_ID);
        if (injector != null) {
            sleepUntil(faultsFrom + options.faults().toNanos());
        }
        return new String[] { round, firstJob.get("resumed").asText() };
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }

    private static String job(String folder, String dumpDate) {
        return "{\"path\":\"" + folder + "\",\"site\":\"" + ChaosDumps.SITE + "\",\"dumpDate\":\"" + dumpDate + "\"}";
    }

    /**
     * Starts whatever a fault left stopped, and waits until every service is ready, as the gateway sees them too (it
     * polls them every 2 s, and answers 503 for one it last saw not ready).
     */
    private void healed(LocalStack stack, Api api) {
        for (String component : stack.stopped()) {
            out.println("  " + component + " was left stopped; starting it");
            stack.start(component);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!FaultInjector.everyServiceReady(stack.settings())) {
            if (System.nanoTime() > deadline) {
                throw new StackException("the services were not all ready 5 minutes after the faults: " + stack.status());
            }
            Waits.sleep(500);
        }
        int seenReady = 0;
        while (seenReady < 2) {
            boolean ready = true;
            for (JsonNode service : api.call("GET", "/api/status", null, api.admin)) {
                ready &= service.get("state").asText().equals("UP");
            }
            seenReady = ready ? seenReady + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new StackException("the gateway did not see every service ready 5 minutes after the faults");
            }
            Waits.sleep(2500);
        }
    }

    /**
     * What the databases hold, read directly: per site the posts stored, live and deleted, and a digest of every
     * post; per study the classifications and a digest of them.
     */
    private static Map<String, String> stored(LocalStack stack) {
        Map<String, String> stored = new TreeMap<>();
        try (Connection ingest = stack.superuser("ingest"); Statement statement = ingest.createStatement();
                ResultSet rows = statement.executeQuery("SELECT site, count(*),"
                        + " count(*) FILTER (WHERE post_type = 1 AND deleted_at IS NULL),"
                        + " count(*) FILTER (WHERE post_type = 2 AND deleted_at IS NULL),"
                        + " count(*) FILTER (WHERE post_type = 1 AND deleted_at IS NOT NULL),"
                        + " count(*) FILTER (WHERE post_type = 2 AND deleted_at IS NOT NULL),"
                        + " count(*) FILTER (WHERE deleted_at IS NULL AND title LIKE '%" + ChaosDumps.EDITED.replace("'", "''") + "'),"
                        + " count(*) FILTER (WHERE post_type = 1 AND deleted_at IS NULL AND 'tensorflow' = ANY (tags)),"
                        + " md5(string_agg(concat_ws('|', id, post_type, parent_id, accepted_answer_id, creation_date,"
                        + " owner_user_id, title, md5(body), array_to_string(tags, ','), answer_count, closed_date,"
                        + " deleted_at IS NULL), ';' ORDER BY id))"
                        + " FROM post GROUP BY site ORDER BY site")) {
            while (rows.next()) {
                stored.put("ingest " + rows.getString(1), String.format("rows %d, live questions %d, live answers %d,"
                        + " deleted questions %d, deleted answers %d, edited titles %d, tagged tensorflow %d, digest %s",
                        rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7),
                        rows.getLong(8), rows.getString(9)));
            }
        } catch (SQLException e) {
            throw new StackException("cannot read what ingest stored: " + e.getMessage(), e);
        }
        try (Connection classifier = stack.superuser("classifier"); Statement statement = classifier.createStatement();
                ResultSet rows = statement.executeQuery("SELECT study_id, count(*), count(*) FILTER (WHERE NOT deleted),"
                        + " max(study_version), md5(string_agg(concat_ws('|', site, post_id, study_version,"
                        + " array_to_string(sets, ','), deleted), ';' ORDER BY site, post_id))"
                        + " FROM classification GROUP BY study_id ORDER BY study_id")) {
            while (rows.next()) {
                stored.put("classifier " + rows.getString(1), String.format("rows %d, live %d, version %d, digest %s",
                        rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getString(5)));
            }
        } catch (SQLException e) {
            throw new StackException("cannot read what the classifier stored: " + e.getMessage(), e);
        }
        return stored;
    }

    /** The round's agreement, every question's labels and decision, and the shares (none holds an id or a time). */
    private static JsonNode roundFigures(Api api, String round) {
        ObjectNode figures = JSON.createObjectNode();
        figures.set("agreement", api.call("GET", "/api/taxonomy/rounds/" + round + "/agreement", null, api.researcher));
        figures.set("status", api.call("GET", "/api/taxonomy/rounds/" + round + "/status", null, api.researcher));
        figures.set("shares", api.call("GET", "/api/taxonomy/rounds/" + round + "/shares", null, api.researcher));
        return figures;
    }

    /** Per poisoned record ({@code topic/partition/offset}), the consumers that set it aside, with their reasons. */
    private static Map<String, List<String>> deadLetters(StackSettings settings) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        // a dead letter carries its record's value (600 KB for the huge poison), and every study replay sets the
        // poison of so.questions aside again: a 30-minute run held 601 of them, and the launcher's 256 MB heap ran out
        // reading them 500 to a poll; a few at a time fit
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 << 20);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 2 << 20);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        Map<String, List<String>> letters = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode letter = JSON.readTree(record.value());
                    letters.computeIfAbsent(letter.get("sourceTopic").asText() + "/" + letter.get("sourcePartition").asInt()
                            + "/" + letter.get("sourceOffset").asLong(), key -> new ArrayList<>())
                            .add(letter.get("consumer").asText() + ": " + letter.get("reason").asText());
                }
            }
        } catch (IOException e) {
            throw new StackException("a dead letter that is not JSON: " + e.getMessage(), e);
        }
        return letters;
    }

    /** Prints the table with the seed; answers whether every check passed. */
    boolean report(Options options, ChaosDumps dumps, Outcome clean, Outcome faulty) {
        out.println();
        out.printf("Chaos run, seed %d (repeat with ./suite chaos --seed %d --minutes %d --megabytes %d)%n", options.seed(),
                options.seed(), options.faults().toMinutes(), options.megabytes());
        out.printf("  clean run %.0f s, faulty run %.0f s%n", clean.took().toMillis() / 1000.0, faulty.took().toMillis() / 1000.0);
        out.println();
        out.println("| fault | component | injected | recovered | recovery median | recovery max |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        Map<String, List<FaultInjector.Fault>> byComponent = faulty.faults().stream().collect(Collectors.groupingBy(
                fault -> fault.kind() + " | " + fault.component(), TreeMap::new, Collectors.toList()));
        boolean allRecovered = true;
        for (var entry : byComponent.entrySet()) {
            List<Long> recoveries = entry.getValue().stream().filter(f -> f.recovery() != null)
                    .map(f -> f.recovery().toMillis()).sorted().toList();
            long recovered = entry.getValue().stream().filter(FaultInjector.Fault::recovered).count();
            allRecovered &= recovered == entry.getValue().size();
            out.printf("| %s | %d | %d | %s | %s |%n", entry.getKey(), entry.getValue().size(), recovered,
                    recoveries.isEmpty() ? "-" : String.format("%.1f s", median(recoveries) / 1000.0),
                    recoveries.isEmpty() ? "-" : String.format("%.1f s", recoveries.get(recoveries.size() - 1) / 1000.0));
        }
        out.println();
        out.println("| check | result |");
        out.println("| --- | --- |");
        List<Boolean> checks = new ArrayList<>();
        checks.add(row("every fault recovered from", allRecovered, faulty.faults().size() + " faults"));
        checks.add(row("the ingest service crashed in the middle of the first job, which resumed from its checkpoint",
                faulty.firstJobResumed() >= 1, "resumed " + faulty.firstJobResumed() + " time(s)"));
        ChaosDumps.Expected expected = dumps.expected();
        String site = "ingest " + ChaosDumps.SITE;
        String files = String.format("rows %d, live questions %d, live answers %d, deleted questions %d,"
                + " deleted answers %d, edited titles %d, tagged tensorflow %d", expected.posts(), expected.questions(),
                expected.answers(), expected.deletedQuestions(), expected.deletedAnswers(), expected.editedTitles(),
                expected.tensorflowTagged());
        String stored = Optional.ofNullable(faulty.stored().get(site)).orElse("nothing");
        checks.add(row("every post of the dumps stored, none twice (rows), the newer snapshot's changes and deletions"
                + " applied (counted from the files)", stored.startsWith(files), "files: " + files + "; stored: " + stored));
        for (String key : new TreeSet<>(union(clean.stored().keySet(), faulty.stored().keySet()))) {
            checks.add(row(key + " equals the fault-free run's", java.util.Objects.equals(clean.stored().get(key),
                    faulty.stored().get(key)), faulty.stored().get(key) + (java.util.Objects.equals(clean.stored().get(key),
                            faulty.stored().get(key)) ? "" : "; fault-free: " + clean.stored().get(key))));
        }
        for (String figuresSite : new TreeSet<>(union(clean.figures().keySet(), faulty.figures().keySet()))) {
            JsonNode cleanSite = clean.figures().get(figuresSite);
            JsonNode faultySite = faulty.figures().get(figuresSite);
            boolean consistent = faultySite != null && faultySite.get("consistent").asBoolean();
            checks.add(row(figuresSite + ": ingest, classifier and metrics reconcile (nothing lost)", consistent,
                    faultySite == null ? "no figures" : faultySite.get("differences").toString()));
            checks.add(row(figuresSite + ": counts, set sizes, trends and response times equal the fault-free run's"
                    + " (nothing duplicated)", java.util.Objects.equals(cleanSite, faultySite),
                    java.util.Objects.equals(cleanSite, faultySite) ? "equal" : "fault-free " + cleanSite + "; faulty " + faultySite));
        }
        checks.add(row("the labeling round's labels, decisions, kappa and shares equal the fault-free run's",
                clean.round().equals(faulty.round()), "kappa " + faulty.round().at("/agreement/overall/kappa")
                        + " over " + faulty.round().at("/agreement/labeledByBoth") + " questions"));
        long expectedLetters = 0;
        long missing = 0;
        List<String> unexplained = new ArrayList<>();
        for (FaultInjector.Poison poison : faulty.poison()) {
            Set<String> consumers = Set.copyOf(Topics.ALL.stream().filter(t -> t.name().equals(poison.topic())).findFirst()
                    .orElseThrow().consumers());
            List<String> letters = faulty.deadLetters().getOrDefault(poison.topic() + "/" + poison.partition() + "/"
                    + poison.offset(), List.of());
            expectedLetters += consumers.size();
            for (String consumer : consumers) {
                if (letters.stream().noneMatch(letter -> letter.startsWith(consumer + ": "))) {
                    missing++;
                    unexplained.add(poison.kind() + " on " + poison.topic() + " not set aside by " + consumer);
                }
            }
        }
        checks.add(row("every poison record in the dead-letter topic with its reason, for every consumer of its topic",
                missing == 0 && !faulty.poison().isEmpty(), faulty.poison().size() + " records, " + (expectedLetters - missing)
                        + " of " + expectedLetters + " dead letters" + (unexplained.isEmpty() ? "" : ": " + unexplained)));
        Set<String> poisoned = faulty.poison().stream().map(p -> p.topic() + "/" + p.partition() + "/" + p.offset())
                .collect(Collectors.toSet());
        List<String> otherLetters = faulty.deadLetters().keySet().stream().filter(key -> !poisoned.contains(key)).toList();
        checks.add(row("no event set aside but the poison (an event dead-lettered is an event lost)",
                otherLetters.isEmpty() && clean.deadLetters().isEmpty(), clean.deadLetters().size()
                        + " dead letters in the fault-free run, " + otherLetters.size() + " besides the poison in the faulty"
                        + (otherLetters.isEmpty() ? "" : ": " + faulty.deadLetters().get(otherLetters.get(0)))));
        checks.add(row("every consumer alive, at lag 0, no site waiting for its count", faulty.drained(), ""));
        checks.add(row("no answer 500 to the work's calls, faults or not", clean.serverErrors().isEmpty()
                && faulty.serverErrors().isEmpty(), clean.serverErrors().size() + faulty.serverErrors().size() + " answers 500"
                        + (faulty.serverErrors().isEmpty() ? "" : ", first: " + faulty.serverErrors().get(0))));
        boolean passed = checks.stream().allMatch(Boolean::booleanValue);
        out.println();
        out.printf("Seed %d: %s.%n", options.seed(), passed ? "no anomaly: events lost 0, duplicated effects 0"
                : "ANOMALIES found (rows marked FAILED)");
        return passed;
    }

    private boolean row(String check, boolean passed, String detail) {
        out.printf("| %s | %s%s |%n", check, passed ? "passed" : "FAILED", detail.isEmpty() ? "" : ": " + detail);
        return passed;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static double median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** A run's own folder and free ports; the dumps and PostgreSQL's binaries are shared with the main stack. */
    private StackSettings settings(String session) throws IOException {
        Map<String, String> env = new HashMap<>();
        Path runDir = base.runDir().resolve("chaos").resolve(session);
        env.put("SUITE_RUN_DIR", runDir.toString());
        env.put("SUITE_DUMPS_DIR", base.dumpsDir().toString());
        env.put("SUITE_REPORTS_DIR", runDir.resolve("reproduction").toString());
        env.put("SUITE_POSTGRES_BINARIES_DIR", base.postgresBinariesDir().toString());
        // below Linux's range for outgoing connections (32768-60999): a component started again after a kill -9 binds
        // its port anew, which a client's connection could have taken meanwhile
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        Set<Integer> taken = new java.util.HashSet<>();
        for (String name : List.of("GATEWAY", "INGEST", "CLASSIFIER", "METRICS", "TAXONOMY", "POSTGRES", "KAFKA",
                "KAFKA_CONTROLLER")) {
            int port;
            do {
                port = 20_000 + random.nextInt(12_000);
            } while (!taken.add(port) || !free(port));
            env.put("SUITE_" + name + "_PORT", Integer.toString(port));
        }
        return StackSettings.fromEnvironment(base.root(), env);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The gateway as a careful user calls it: retried while the suite is down, creates looked up before repeated. */
    private final class Api {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String gateway;
        final String admin;
        final String researcher;
        private final Map<String, String> raters = new LinkedHashMap<>();
        /** Answers 500: never expected, even while a component is down (503 says so). */
        final List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());

        Api(LocalStack stack) {
            this.gateway = stack.settings().gatewayUrl();
            Duration lifetime = Duration.ofHours(12);
            admin = stack.issueToken("chaos-admin", List.of(Roles.ADMIN), lifetime);
            researcher = stack.issueToken("chaos-researcher", List.of(Roles.RESEARCHER), lifetime);
            for (String rater : List.of(RATER_A, RATER_B, ARBITRATOR)) {
                raters.put(rater, stack.issueToken(rater, List.of(Roles.RATER), lifetime));
            }
        }

        SampleRun sampleRun() {
            return new SampleRun(gateway, admin, out);
        }

        /** An answer with one of the expected statuses; what a restarting suite answers (or no answer) is retried. */
        JsonNode call(String method, String path, String body, String token, int... expected) {
            long deadline = System.nanoTime() + CALL_PATIENCE.toNanos();
            while (true) {
                Answer answer = send(method, path, body, null, token);
                if (answer.status() > 0 && expectedStatus(answer.status(), expected)) {
                    return answer.json();
                }
                if (answer.status() > 0 && !retried(answer.status())) {
                    throw new StackException(method + " " + path + " answered " + answer.status() + ": " + answer.text());
                }
                if (System.nanoTime() > deadline) {
                    throw new StackException(method + " " + path + " failed for " + CALL_PATIENCE.toMinutes() + " min: "
                            + answer.text());
                }
                Waits.sleep(1000);
            }
        }

        /**
         * A create that is not idempotent: after an answer that was lost (no answer, 502, 504), what it created is
         * looked for before it is sent again; answers the id.
         */
        String createOnce(String path, String body, String token, Supplier<Optional<String>> lookup) {
            long deadline = System.nanoTime() + CALL_PATIENCE.toNanos();
            while (true) {
                Answer answer = send("POST", path, body, "application/json", token);
                if (answer.status() == 201 || answer.status() == 202) {
                    return answer.json().get("id").asText();
                }
                if (answer.status() > 0 && answer.status() != 409 && !retried(answer.status())) {
                    throw new StackException("POST " + path + " answered " + answer.status() + ": " + answer.text());
                }
                // 409: the same create, its first answer lost, may be under way
                if (answer.status() == 0 || answer.status() == 409 || answer.status() == 502 || answer.status() == 504) {
                    Optional<String> created = lookupPatiently(lookup, deadline);
                    if (created.isPresent()) {
                        out.println("  (a lost answer to POST " + path + ": found what it created, " + created.get() + ")");
                        return created.get();
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new StackException("POST " + path + " failed for " + CALL_PATIENCE.toMinutes() + " min: " + answer.text());
                }
                Waits.sleep(1000);
            }
        }

        private Optional<String> lookupPatiently(Supplier<Optional<String>> lookup, long deadline) {
            while (true) {
                try {
                    return lookup.get();
                } catch (StackException notNow) {
                    if (System.nanoTime() > deadline) {
                        throw notNow;
                    }
                    Waits.sleep(1000);
                }
            }
        }

        Optional<String> findJob(String folder) {
            for (JsonNode job : call("GET", "/api/ingest/jobs", null, admin)) {
                if (job.get("path").asText().equals(folder)) {
                    return Optional.of(job.get("id").asText());
                }
            }
            return Optional.empty();
        }

        Optional<String> findRound(String name) {
            for (JsonNode round : call("GET", "/api/taxonomy/rounds", null, researcher)) {
                if (round.get("name").asText().equals(name)) {
                    return Optional.of(round.get("id").asText());
                }
            }
            return Optional.empty();
        }

        /** Waits until the job has stored rows and still runs (the moment to crash the ingest service). */
        void awaitRowsRead(String job) {
            long deadline = System.nanoTime() + CALL_PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode state = call("GET", "/api/ingest/jobs/" + job, null, admin);
                if (state.path("rowsRead").asLong() > 0 || !state.get("state").asText().matches("QUEUED|RUNNING")) {
                    return;
                }
                Waits.sleep(50);
            }
        }

        JsonNode awaitJob(String job) {
            long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode state = call("GET", "/api/ingest/jobs/" + job, null, admin);
                switch (state.get("state").asText()) {
                    case "SUCCEEDED" -> {
                        return state;
                    }
                    case "FAILED", "CANCELLED" -> throw new StackException("ingest job " + job + " ended " + state);
                    default -> Waits.sleep(500);
                }
            }
            throw new StackException("ingest job " + job + " did not end within an hour");
        }

        /** Publishes a study version (once: publishing the same again answers 200). */
        void publishStudy(String yaml) {
            long deadline = System.nanoTime() + CALL_PATIENCE.toNanos();
            while (true) {
                Answer answer = send("POST", "/api/classifier/studies", yaml, "application/yaml", admin);
                // 200: the same version published again (its first answer lost); 409 would be a different definition
                if (answer.status() == 200 || answer.status() == 201) {
                    return;
                }
                if (answer.status() > 0 && !retried(answer.status()) || System.nanoTime() > deadline) {
                    throw new StackException("publishing a study answered " + answer.status() + ": " + answer.text());
                }
                Waits.sleep(1000);
            }
        }

        /** Waits until the study's replay over the questions already published is over. */
        void awaitReclassified(String study) {
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode replays = call("GET", "/api/classifier/studies/" + study + "/reclassifications", null, admin);
                boolean over = replays.size() > 0;
                for (JsonNode replay : replays) {
                    over &= !replay.get("state").asText().equals("RUNNING");
                }
                if (over) {
                    return;
                }
                Waits.sleep(1000);
            }
            throw new StackException("study " + study + " was not reclassified within 30 minutes");
        }

        void awaitSettled(String site) {
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode consistency = call("GET", "/api/metrics/pipeline/consistency?site=" + site, null, admin);
                if (consistency.get("settled").asBoolean()) {
                    return;
                }
                Waits.sleep(1000);
            }
            throw new StackException(site + " did not settle within 30 minutes");
        }

        /**
         * Both raters label every question of the sample, from the taxonomy's leaves by position (rater B differs on
         * every third), and the arbitrator settles each disagreement with rater A's label.
         */
        void label(String round) {
            List<String> leaves = new ArrayList<>();
            call("GET", "/api/taxonomy/taxonomies/deployment-challenges/nodes", null, researcher).forEach(node -> {
                if (node.get("labelable").asBoolean()) {
                    leaves.add(node.get("id").asText());
                }
            });
            leaves.sort(null);
            int position = 0;
            for (JsonNode item : call("GET", "/api/taxonomy/rounds/" + round + "/items", null, researcher)) {
                String path = "/api/taxonomy/rounds/" + round + "/items/" + item.get("site").asText() + "/"
                        + item.get("postId").asLong();
                String a = leaves.get(position % leaves.size());
                String b = position % 3 == 0 ? leaves.get((position + 1) % leaves.size()) : a;
                call("PUT", path + "/label", "{\"labels\":[\"" + a + "\"]}", raters.get(RATER_A), 200, 201);
                call("PUT", path + "/label", "{\"labels\":[\"" + b + "\"]}", raters.get(RATER_B), 200, 201);
                if (!a.equals(b)) {
                    call("PUT", path + "/decision", "{\"labels\":[\"" + a + "\"]}", raters.get(ARBITRATOR), 200, 201);
                }
                position++;
            }
        }

        private Answer send(String method, String path, String body, String contentType, String token) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json").header("Authorization", "Bearer " + token);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", contentType == null ? "application/json" : contentType)
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 500) {
                    serverErrors.add(method + " " + path + ": " + response.body());
                }
                return new Answer(response.statusCode(), response.body());
            } catch (IOException e) {
                return new Answer(0, String.valueOf(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted");
            }
        }

        private static boolean expectedStatus(int status, int... expected) {
            if (expected.length == 0) {
                return status == 200;
            }
            for (int wanted : expected) {
                if (wanted == status) {
                    return true;
                }
            }
            return false;
        }

        /** What a suite restarting, or its gateway limiting, answers; a 500 is retried too, and counted as a defect. */
        private boolean retried(int status) {
            return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
        }
    }

    private record Answer(int status, String text) {
        JsonNode json() {
            try {
                return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
            } catch (IOException e) {
                throw new StackException("an answer that is not JSON: " + text, e);
            }
        }
    }
}
