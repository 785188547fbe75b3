package io.somining.stack;

import io.somining.contracts.Topics;
import io.somining.postgres.PostgresBinaries;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The suite on one machine: a real PostgreSQL and a real Kafka broker (KRaft, one node), then the
 * four services and the gateway as packaged jars, each a detached process with an explicit heap,
 * a log and a pid file under the run folder.
 */
public final class LocalStack {

    /** Everything the stack starts, in start order; stopped in reverse. */
    static final List<String> COMPONENTS = Stream.concat(Stream.of("postgres", "kafka"),
            StackSettings.SERVICES.stream()).toList();

    private static final Map<String, String> HEAP = Map.of(
            "postgres", "64m", "kafka", "512m", "ingest", "512m", "classifier", "384m", "metrics", "384m",
            "taxonomy", "256m", "gateway", "256m");
    private static final List<String> DATABASE_SERVICES = List.of("ingest", "classifier", "metrics", "taxonomy");
    /**
     * The services that scale out as more instances of one consumer group, Kafka splitting the partitions among
     * them. Instance n (2, 3, ...) is the component {@code service-n} on the first instance's port + 100 (n - 1).
     */
    static final List<String> SCALABLE = List.of("classifier", "metrics");
    static final int MAX_INSTANCES = 6;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /**
     * For the JVMs that allocate megabyte buffers per batch: each of the ingest service's ~2.5 MB COPY
     * buffers, and each of the broker's up-to-1 MB produce requests, was a humongous allocation with
     * G1's default 1 MB regions for these heaps. Ingest: ~85 concurrent GC cycles per GB ingested (GC
     * threads 3.2-4.5 CPU-s of the job's ~35), ~6 with 4 MB regions (0.6-0.9 CPU-s); the broker: ~120
     * per GB, 8. The ingest service's Kubernetes manifest sets the same.
     */
    private static final String LARGE_REGIONS = "-XX:G1HeapRegionSize=4m";
    /** The broker and the PostgreSQL wrapper log at info into their own log files. */
    private static final String INFO_LOGS = "-Dorg.slf4j.simpleLogger.defaultLogLevel=info";

    private final StackSettings settings;
    private final Processes processes;
    private final PrintStream out;

    public LocalStack(StackSettings settings, PrintStream out) {
        this.settings = settings;
        this.processes = new Processes(settings);
        this.out = out;
    }

    /**
     * Starts what is stopped and leaves what runs, so that after a crash {@code ./suite up} makes the stack whole again;
     * answers what it started (nothing when everything ran). With {@code fresh} nothing may run: its data would be
     * removed from under it. A failure stops what this call started and says why.
     */
    public List<String> up(boolean fresh) {
        List<String> stopped = stopped();
        if (fresh && stopped.size() < COMPONENTS.size()) {
            List<String> running = COMPONENTS.stream().filter(c -> !stopped.contains(c)).toList();
            throw new StackException("--fresh removes the stack's data, but " + String.join(", ", running) + " still run in "
                    + settings.runDir() + "; stop it first with: ./suite down");
        }
        if (stopped.isEmpty()) {
            return List.of();
        }
        checkBuilt();
        checkPortsFree(stopped);
        if (fresh) {
            deleteRecursively(settings.dataDir());
            out.println("Starting afresh: removed " + settings.dataDir());
        }
        List<String> started = new ArrayList<>();
        try {
            for (String component : stopped) {
                start(component);
                started.add(component);
            }
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                processes.stop(started.get(i), Duration.ofSeconds(20));
            }
            // the one that failed may still be alive if it was not ready in time
            stopped.stream().filter(c -> !started.contains(c)).forEach(c -> processes.stop(c, Duration.ofSeconds(5)));
            throw e;
        }
        return started;
    }

    /** Stops a component and starts it again (the data stays). */
    public void restart(String component) {
        if (!COMPONENTS.contains(component)) {
            throw new StackException("no component " + component + "; one of " + String.join(", ", COMPONENTS)
                    + (component.matches(".+-\\d+") ? " (further instances come and go with ./suite scale N)" : ""));
        }
        processes.stop(component, Duration.ofSeconds(30));
        checkPortsFree(List.of(component));
        start(component);
    }


    /**
     * What {@link #rebuild} empties per service: the metrics' whole database is a projection of the topics; the
     * classifier's holds the study definitions, which only it has, besides its classifications and reviews.
     */
    static final Map<String, List<String>> PROJECTION_TABLES = Map.of("metrics", List.of(),
            "classifier", List.of("classification", "set_review"));

    /**
     * Rebuilds a consumer's projection from the topics: stops the service and its further instances, deletes its
     * consumer groups so that it reads every topic from the start (if that fails, it is started again as it was),
     * empties its projection (the whole database, or the tables of {@link #PROJECTION_TABLES}), and starts one
     * instance again.
     */
    public void rebuild(String service) {
        requireProjection(service);
        List<String> tables = PROJECTION_TABLES.get(service);
        extraInstances().stream().filter(instance -> instance.startsWith(service + "-"))
                .forEach(instance -> processes.stop(instance, Duration.ofSeconds(30)));
        processes.stop(service, Duration.ofSeconds(30));
        List<String> groups = consumerGroups(service);
        try {
            deleteConsumerGroups(groups);
        } catch (StackException e) {
            // nothing emptied yet: the service goes on from its offsets
            startService(service);
            throw e;
        }
        try (Connection connection = superuser(tables.isEmpty() ? "postgres" : service);
                Statement statement = connection.createStatement()) {
            if (tables.isEmpty()) {
                statement.execute("DROP DATABASE IF EXISTS " + service + " WITH (FORCE)");
            } else {
                statement.execute("TRUNCATE " + String.join(", ", tables));
            }
        } catch (SQLException e) {
            throw new StackException("cannot empty the " + service + " service's projection: " + e.getMessage(), e);
        }
        provisionDatabases();
        out.printf("  %s: projection emptied (%s), consumer groups %s deleted%n", service,
                tables.isEmpty() ? "database dropped and created again" : String.join(", ", tables), groups);
        startService(service);
    }

    /** The consumer groups a service of the suite reads its topics in. */
    static List<String> consumerGroups(String service) {
        return Topics.ALL.stream().flatMap(topic -> topic.consumerGroups().stream())
                .filter(group -> group.equals(service + "-service") || group.startsWith(service + "-service-"))
                .distinct().toList();
    }

    /** Refuses, saying why, a service whose database is not a projection of the topics. */
    static void requireProjection(String service) {
        if (!PROJECTION_TABLES.containsKey(service)) {
            throw new StackException("a projection rebuilt from the topics is one of " + new java.util.TreeSet<>(PROJECTION_TABLES.keySet())
                    + ", not '" + service + "' (its database holds what no topic has: back it up, docs/operations.md)");
        }
    }

    /** Deletes consumer groups whose members are gone; a stopped member may hold its group up to its session timeout. */
    private void deleteConsumerGroups(List<String> groups) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (Admin admin = Admin.create(config)) {
            for (String group : groups) {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (true) {
                    try {
                        admin.deleteConsumerGroups(List.of(group)).all().get();
                        break;
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                            break;
                        }
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException)
                                || System.nanoTime() > deadline) {
                            throw new StackException("cannot delete the consumer group " + group + ": " + e.getCause().getMessage());
                        }
                        Waits.sleep(1000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while deleting consumer groups");
        }
    }

    /** Stops every component this run folder knows of; answers what was running. */
    public List<String> down() {
        List<String> stopped = new ArrayList<>();
        for (String instance : extraInstances()) {
            if (processes.stop(instance, Duration.ofSeconds(30))) {
                stopped.add(instance);
            }
        }
        for (int i = COMPONENTS.size() - 1; i >= 0; i--) {
            String component = COMPONENTS.get(i);
            if (processes.stop(component, Duration.ofSeconds(30))) {
                stopped.add(component);
            }
        }
        return stopped;
    }

    /** Kills one component at once (SIGKILL), as a crash would. */
    public void kill(String component) {
        processes.kill(component);
    }

    /**
     * Crashes one component as a machine would (SIGKILL, no shutdown hook): for PostgreSQL the server and every
     * backend too, which outlive the launcher's wrapper process (pg_ctl leaves the server to init), so that the
     * next start runs crash recovery.
     */
    public void crash(String component) {
        if (component.equals("postgres")) {
            postmaster().ifPresent(server -> {
                // the server first: a backend killed first makes it fork a recovery, whose children would outlive it
                List<ProcessHandle> backends = server.descendants().toList();
                server.destroyForcibly();
                backends.forEach(ProcessHandle::destroyForcibly);
                try {
                    server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new StackException("PostgreSQL's server (pid " + server.pid() + ") outlived SIGKILL for 30 s");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackException("interrupted while crashing PostgreSQL");
                }
            });
        }
        processes.kill(component);
    }

    /** Starts a stopped component again, its data kept, once it is ready. */
    public void start(String component) {
        switch (component) {
            case "postgres" -> startPostgres();
            case "kafka" -> startKafka();
            default -> startService(component);
        }
    }

    /**
     * Freezes a running component (SIGSTOP: alive, holding its sockets and locks, answering nothing), as a long
     * collection pause or an overloaded host would; answers the processes frozen, for {@link #thaw}.
     */
    public List<ProcessHandle> freeze(String component) {
        List<ProcessHandle> frozen = new ArrayList<>();
        if (component.equals("postgres")) {
            postmaster().ifPresent(server -> {
                frozen.add(server);
                server.descendants().forEach(frozen::add);
            });
        } else {
            processes.running(component).ifPresent(frozen::add);
        }
        signal("STOP", frozen);
        return frozen;
    }

    /** Lets frozen processes run again (SIGCONT). */
    public void thaw(List<ProcessHandle> frozen) {
        signal("CONT", frozen);
    }

    private static void signal(String signal, List<ProcessHandle> targets) {
        if (targets.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        targets.forEach(process -> command.add(Long.toString(process.pid())));
        try {
            // a process that ended meanwhile makes kill fail for it alone: the others still get the signal
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor();
        } catch (IOException e) {
            throw new StackException("cannot send SIG" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while sending SIG" + signal);
        }
    }

    /** Stops one component (to test recovery, or to restart it with {@code start...}). */
    public boolean stop(String component) {
        return processes.stop(component, Duration.ofSeconds(30));
    }

    /** The components that are not running. */
    public List<String> stopped() {
        return COMPONENTS.stream().filter(c -> processes.running(c).isEmpty()).toList();
    }

    /**
     * The CPU time a running component (its process and their descendants) has used; zero when it is
     * stopped. PostgreSQL's server is not a descendant (pg_ctl leaves it to init): it is found by the
     * pid its data folder names.
     */
    public Duration cpuTime(String component) {
        Optional<ProcessHandle> process = processes.running(component);
        Duration used = process.map(CpuTime::of).orElse(Duration.ZERO);
        if (component.equals("postgres")) {
            used = used.plus(postmaster()
                    .filter(server -> process.stream().flatMap(ProcessHandle::descendants).noneMatch(server::equals))
                    .map(CpuTime::of).orElse(Duration.ZERO));
        }
        return used;
    }

    /** The PostgreSQL server, from the first line of its data folder's {@code postmaster.pid}. */
    private Optional<ProcessHandle> postmaster() {
        try {
            String first = Files.readAllLines(settings.dataDir().resolve("postgres").resolve("postmaster.pid")).get(0);
            // a crashed server leaves its pid file: the pid may be another process's by now
            return ProcessHandle.of(Long.parseLong(first.trim()))
                    .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
        } catch (IOException | RuntimeException notRunning) {
            return Optional.empty();
        }
    }

    /** Each component and each further instance: its pid, or that it is not running. */
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        for (String component : Stream.concat(COMPONENTS.stream(), extraInstances().stream()).toList()) {
            status.put(component, processes.running(component)
                    .map(p -> "running, pid " + p.pid() + readiness(component))
                    .orElse("stopped"));
        }
        return status;
    }

    private String readiness(String component) {
        if (instanceUrl(component).isEmpty()) {
            return "";
        }
        return Waits.readiness(instanceUrl(component).get() + "/q/health/ready");
    }

    /**
     * Runs {@code instances} instances of each scalable service (classifier, metrics): starts those missing, stops
     * those beyond. The further instances join the first one's consumer groups; the gateway keeps calling the first.
     */
    public void scale(int instances) {
        checkInstances(instances);
        for (String service : SCALABLE) {
            if (processes.running(service).isEmpty()) {
                throw new StackException(service + " is not running: ./suite up first");
            }
            for (int n = 2; n <= MAX_INSTANCES; n++) {
                String instance = service + "-" + n;
                if (n <= instances && processes.running(instance).isEmpty()) {
                    String url = instanceUrl(instance).orElseThrow();
                    ProcessHandle process = launchService(service, instance, instancePort(service, n));
                    Waits.until(instance, process, START_TIMEOUT, () -> Waits.httpOk(url + "/q/health/ready"), processes,
                            instance);
                    out.printf("  %-12s up on %s (pid %d)%n", instance, url, process.pid());
                } else if (n > instances && processes.stop(instance, Duration.ofSeconds(30))) {
                    out.printf("  %-12s stopped%n", instance);
                }
            }
            out.printf("  %-12s %d instance(s) running%n", service, instances);
        }
    }

    /** Refuses a number of instances outside 1 to {@link #MAX_INSTANCES}, before anything starts. */
    static void checkInstances(long instances) {
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new StackException("instances must be 1 to " + MAX_INSTANCES + ", not " + instances);
        }
    }

    /** The further instances this run folder has pid files of, whether alive or not. */
    private List<String> extraInstances() {
        List<String> instances = new ArrayList<>();
        for (String service : SCALABLE) {
            for (int n = 2; n <= MAX_INSTANCES; n++) {
                if (Files.exists(settings.pids().resolve(service + "-" + n + ".pid"))) {
                    instances.add(service + "-" + n);
                }
            }
        }
        return instances;
    }

    private int instancePort(String service, int n) {
        return settings.servicePorts().get(service) + 100 * (n - 1);
    }

    /** The base URL of a service or of a further instance of one. */
    private Optional<String> instanceUrl(String component) {
        if (settings.servicePorts().containsKey(component)) {
            return Optional.of(settings.serviceUrl(component));
        }
        int dash = component.lastIndexOf('-');
        if (dash > 0 && SCALABLE.contains(component.substring(0, dash))) {
            return Optional.of("http://127.0.0.1:" + instancePort(component.substring(0, dash),
                    Integer.parseInt(component.substring(dash + 1))));
        }
        return Optional.empty();
    }

    public void startPostgres() {
        prepareBinaries();
        ProcessHandle process = processes.start("postgres", List.of(java(), "-Xmx" + HEAP.get("postgres"),
                INFO_LOGS, "-cp", classpath(), PostgresServer.class.getName(),
                settings.dataDir().resolve("postgres").toString(), Integer.toString(settings.postgresPort()),
                settings.postgresBinariesDir().toString()), Map.of());
        Waits.until("PostgreSQL", process, START_TIMEOUT, this::postgresAnswers, processes, "postgres");
        provisionDatabases();
        out.printf("  postgres    up on 127.0.0.1:%d (pid %d)%n", settings.postgresPort(), process.pid());
    }

    /** Extracts PostgreSQL's binaries here, where a failure can be said plainly, before the server's JVM starts. */
    private void prepareBinaries() {
        long start = System.nanoTime();
        try {
            Path binaries = PostgresBinaries.prepare(settings.postgresBinariesDir());
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (millis > 1000) {
                out.printf("  postgres    binaries extracted into %s (%.1f s)%n", binaries, millis / 1000.0);
            }
        } catch (PostgresBinaries.UnsupportedPlatformException e) {
            throw new StackException(e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw new StackException(e.getMessage() + " (SUITE_POSTGRES_BINARIES_DIR chooses another folder)", e);
        }
    }

    public void startKafka() {
        Path config = writeKafkaConfig();
        Path logDir = settings.dataDir().resolve("kafka");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config);
        }
        ProcessHandle process = processes.start("kafka", List.of(java(), "-Xmx" + HEAP.get("kafka"), "-Xms128m",
                LARGE_REGIONS, INFO_LOGS, "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info", "-cp", classpath(), "kafka.Kafka", config.toString()), Map.of());
        Waits.until("Kafka", process, START_TIMEOUT, this::createTopics, processes, "kafka");
        out.printf("  kafka       up on %s (pid %d)%n", settings.kafkaBootstrap(), process.pid());
    }

    public void startService(String service) {
        ProcessHandle process = launchService(service);
        Waits.until(service, process, START_TIMEOUT,
                () -> Waits.httpOk(settings.serviceUrl(service) + "/q/health/ready"), processes, service);
        out.printf("  %-11s up on %s (pid %d)%n", service, settings.serviceUrl(service), process.pid());
    }

    /** Starts a service without waiting for it to be ready (it may wait for its database itself). */
    public ProcessHandle launchService(String service) {
        return launchService(service, service, settings.servicePorts().get(service));
    }

    private ProcessHandle launchService(String service, String component, int port) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + HEAP.get(service),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.rest-client.ingest.url=http://127.0.0.1:" + settings.servicePorts().get("ingest"),
                "-Dquarkus.rest-client.classifier.url=http://127.0.0.1:" + settings.servicePorts().get("classifier"),
                "-Dmp.jwt.verify.publickey.location=" + tokens().publicKey(),
                "-Dmp.jwt.verify.issuer=" + TokenIssuer.ISSUER,
                "-Dmp.jwt.verify.audiences=" + TokenIssuer.AUDIENCE));
        if (DATABASE_SERVICES.contains(service)) {
            command.add("-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/"
                    + service);
            command.add("-Dquarkus.datasource.username=" + service);
            command.add("-Dkafka.bootstrap.servers=" + settings.kafkaBootstrap());
            // the password goes through the environment, never onto the command line
            env.put("QUARKUS_DATASOURCE_PASSWORD", credentials().password(service));
        }
        if (service.equals("ingest")) {
            command.add("-Dingest.data-dir=" + settings.dumpsDir());
            command.add(LARGE_REGIONS);
        }
        if (service.equals("gateway")) {
            for (String backend : DATABASE_SERVICES) {
                command.add("-Dgateway.routes." + backend + ".url=" + settings.serviceUrl(backend));
            }
            // the web application's sign-in page for demo users: only the local stack gives the gateway a key
            command.add("-Dgateway.local-sign-in.private-key=" + tokens().privateKey());
            // the reproduction reports ./suite writes, shown by the web application
            command.add("-Dgateway.reports-dir=" + settings.reportsDir());
        }
        command.add("-jar");
        command.add(settings.serviceJar(service).toString());
        return processes.start(component, command, env);
    }

    /** A token signed by this stack's own key, trusted by its services. */
    public String issueToken(String user, List<String> roles, Duration lifetime) {
        return tokens().issue(user, roles, lifetime);
    }

    private TokenIssuer tokens() {
        return new TokenIssuer(settings.dataDir().resolve("jwt"));
    }

    private Credentials credentials() {
        return Credentials.loadOrCreate(settings.dataDir().resolve("credentials.properties"), DATABASE_SERVICES);
    }

    private boolean postgresAnswers() {
        try (Connection ignored = superuser("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/" + database,
                "postgres", "");
    }

    /** One database and one login role per service, each role owning its database only. */
    private void provisionDatabases() {
        Credentials credentials = credentials();
        try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
            for (String service : DATABASE_SERVICES) {
                String password = credentials.password(service).replace("'", "''");
                try (ResultSet role = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + service + "'")) {
                    if (role.next()) {
                        statement.execute("ALTER ROLE " + service + " WITH LOGIN PASSWORD '" + password + "'");
                    } else {
                        statement.execute("CREATE ROLE " + service + " WITH LOGIN PASSWORD '" + password + "'");
                    }
                }
                try (ResultSet db = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + service + "'")) {
                    if (!db.next()) {
                        statement.execute("CREATE DATABASE " + service + " OWNER " + service);
                    }
                }
                statement.execute("REVOKE ALL ON DATABASE " + service + " FROM PUBLIC");
            }
        } catch (SQLException e) {
            throw new StackException("cannot create the services' databases: " + e.getMessage(), e);
        }
    }

    private Path writeKafkaConfig() {
        Path config = settings.runDir().resolve("kafka/server.properties");
        String controller = "127.0.0.1:" + settings.kafkaControllerPort();
        String text = String.join(System.lineSeparator(),
                "# generated by the local stack; changes are overwritten at every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + controller,
                "listeners=PLAINTEXT://" + settings.kafkaBootstrap() + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + settings.kafkaBootstrap(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + settings.dataDir().resolve("kafka"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "");
        try {
            Files.createDirectories(config.getParent());
            Files.writeString(config, text, StandardCharsets.UTF_8);
            return config;
        } catch (IOException e) {
            throw new StackException("cannot write " + config + ": " + e.getMessage(), e);
        }
    }

    private void format(Path config) {
        try {
            Process format = new ProcessBuilder(java(), "-Xmx256m", INFO_LOGS, "-cp", classpath(), "kafka.tools.StorageTool",
                    "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(processes.log("kafka").toFile()))
                    .start();
            if (format.waitFor() != 0) {
                throw new StackException("formatting Kafka's storage failed; see " + processes.log("kafka")
                        + System.lineSeparator() + processes.tail("kafka", 15));
            }
        } catch (IOException e) {
            throw new StackException("cannot format Kafka's storage: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while formatting Kafka's storage");
        }
    }

    /** Creates the suite's topics (once); answers false while the broker does not answer yet. */
    private boolean createTopics() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            for (Topics.TopicSpec topic : Topics.ALL) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(topic.configs()))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void checkBuilt() {
        List<String> missing = new ArrayList<>();
        for (String service : StackSettings.SERVICES) {
            if (!Files.exists(settings.serviceJar(service))) {
                missing.add(settings.serviceJar(service).toString());
            }
        }
        if (!Files.isDirectory(settings.libDir())) {
            missing.add(settings.libDir().toString());
        }
        if (!missing.isEmpty()) {
            throw new StackException("not built yet (" + String.join(", ", missing)
                    + "); build with: ./mvnw -B -DskipTests package");
        }
    }

    /** Refuses to start anything while one of the ports of the components to start is taken. */
    private void checkPortsFree(List<String> components) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (components.contains("postgres")) {
            ports.put("postgres (SUITE_POSTGRES_PORT)", settings.postgresPort());
        }
        if (components.contains("kafka")) {
            ports.put("kafka (SUITE_KAFKA_PORT)", settings.kafkaPort());
            ports.put("kafka controller (SUITE_KAFKA_CONTROLLER_PORT)", settings.kafkaControllerPort());
        }
        settings.servicePorts().forEach((service, port) -> {
            if (components.contains(service)) {
                ports.put(service + " (SUITE_" + service.toUpperCase() + "_PORT)", port);
            }
        });
        List<String> taken = new ArrayList<>();
        ports.forEach((what, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                taken.add(port + " for " + what);
            }
        });
        if (!taken.isEmpty()) {
            throw new StackException("port(s) already taken: " + String.join("; ", taken)
                    + ". Free them or choose others with the variables named; nothing was started.");
        }
    }

    private String classpath() {
        return settings.launcherJar() + java.io.File.pathSeparator + settings.libDir().resolve("*");
    }

    /** The java binary of the JVM the launcher runs on: every process it starts runs on it. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new StackException("cannot remove " + folder + ": " + e.getMessage(), e);
        }
    }

    public StackSettings settings() {
        return settings;
    }
}
