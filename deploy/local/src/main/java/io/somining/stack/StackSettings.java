package io.somining.stack;

import io.somining.postgres.PostgresBinaries;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local stack keeps its files and which ports it uses. Every port can be changed with an
 * environment variable ({@code SUITE_GATEWAY_PORT}, {@code SUITE_POSTGRES_PORT}, ...).
 *
 * @param root     the project folder (the services' jars are found below it)
 * @param runDir   logs, pids, generated settings and credentials
 * @param dataDir  PostgreSQL's and Kafka's data: survives restarts, removed by {@code --fresh}
 * @param dumpsDir the ingest service's data directory (the project's {@code data/}; {@code SUITE_DUMPS_DIR})
 * @param postgresBinariesDir where PostgreSQL's binaries are extracted ({@code SUITE_POSTGRES_BINARIES_DIR}; by
 *                 default zonky's, shared with the tests)
 * @param reportsDir where {@code ./suite reproduce} writes the reproduction reports and the gateway serves them from
 *                 (the project's {@code reproduction/}; {@code SUITE_REPORTS_DIR})
 */
public record StackSettings(Path root, Path runDir, Path dataDir, Path dumpsDir, Path postgresBinariesDir, Path reportsDir,
        int postgresPort, int kafkaPort,
        int kafkaControllerPort, Map<String, Integer> servicePorts) {

    /** The services in start order; the gateway comes last. */
    public static final java.util.List<String> SERVICES = java.util.List.of("ingest", "classifier", "metrics",
            "taxonomy", "gateway");

    public static StackSettings fromEnvironment(Path root, Map<String, String> env) {
        Path runDir = Path.of(env.getOrDefault("SUITE_RUN_DIR", root.resolve(".run").toString())).toAbsolutePath();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("ingest", port(env, "SUITE_INGEST_PORT", 8081));
        ports.put("classifier", port(env, "SUITE_CLASSIFIER_PORT", 8082));
        ports.put("metrics", port(env, "SUITE_METRICS_PORT", 8083));
        ports.put("taxonomy", port(env, "SUITE_TAXONOMY_PORT", 8084));
        ports.put("gateway", port(env, "SUITE_GATEWAY_PORT", 8080));
        Path dumps = Path.of(env.getOrDefault("SUITE_DUMPS_DIR", root.toAbsolutePath().resolve("data").toString()));
        Path binaries = Path.of(env.getOrDefault("SUITE_POSTGRES_BINARIES_DIR",
                PostgresBinaries.defaultWorkingDir().toString()));
        Path reports = Path.of(env.getOrDefault("SUITE_REPORTS_DIR", root.toAbsolutePath().resolve("reproduction").toString()));
        return new StackSettings(root.toAbsolutePath(), runDir, runDir.resolve("data"),
                dumps.toAbsolutePath(), binaries.toAbsolutePath(), reports.toAbsolutePath(), port(env, "SUITE_POSTGRES_PORT", 15432),
                port(env, "SUITE_KAFKA_PORT", 19092), port(env, "SUITE_KAFKA_CONTROLLER_PORT", 19093), ports);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a port number (1-65535)");
        }
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + servicePorts.get("gateway");
    }

    public String serviceUrl(String service) {
        return "http://127.0.0.1:" + servicePorts.get(service);
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public Path logs() {
        return runDir.resolve("logs");
    }

    public Path pids() {
        return runDir.resolve("pids");
    }

    public Path libDir() {
        return root.resolve("deploy/local/target/lib");
    }

    public Path launcherJar() {
        return root.resolve("deploy/local/target/local-stack.jar");
    }

    public Path serviceJar(String service) {
        String module = service.equals("gateway") ? "gateway" : service + "-service";
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
