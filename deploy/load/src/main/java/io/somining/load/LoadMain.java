package io.somining.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The load run's JVM, started by {@code ./suite load}: finds what the readers will read through the gateway,
 * writes the plan, runs {@link ReadersSimulation} with Gatling (report in the results folder), and prints the
 * figures and the verdict; exit status 1 when a check failed.
 *
 * <pre>
 * LoadMain --gateway URL --tokens FILE --results DIR --dump FOLDER --study-file YAML
 *          [--short] [--rate-limit RPS:BURST] [--study ID] [--site SITE]
 * </pre>
 * The tokens file is JSON: {@code {"admin": ..., "greedy": ..., "readers": [...]}}.
 */
public final class LoadMain {

    /** The study a new version of which is published under load, so that every run reclassifies every question. */
    static final String RECLASSIFIED_STUDY = "load-run";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two forms: the short one in CI (a few minutes), the long one by command. */
    record Form(List<Integer> steps, int stepSeconds, int readers, int paceMillis, int greedyUsers, int jobMinutes) {
        static final Form SHORT = new Form(List.of(8, 64), 10, 64, 100, 50, 10);
        static final Form LONG = new Form(List.of(8, 16, 32, 64, 128, 256), 30, 64, 100, 50, 30);
    }

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Form form = options.containsKey("--short") ? Form.SHORT : Form.LONG;
        Path results = Path.of(required(options, "--results"));
        Files.createDirectories(results);
        LoadPlan plan = plan(options, form);
        Path planFile = results.resolve("plan.json");
        plan.write(planFile);
        System.exit(run(plan, planFile, results, System.out) ? 0 : 1);
    }

    /** Runs the simulation and prints its report; true when every check passed. */
    static boolean run(LoadPlan plan, Path planFile, Path results, java.io.PrintStream out) throws IOException {
        Phases.reset();
        System.setProperty(LoadPlan.PROPERTY, planFile.toString());
        skipReleaseCheck();
        out.printf("Load run against %s: readers %s for %d s each, then %d readers beside a greedy client (%d connections),"
                + " then %d readers while an ingest job and a reclassification run%n", plan.gateway(), plan.steps(),
                plan.stepSeconds(), plan.readers(), plan.greedyUsers(), plan.readers());
        int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {"-s", ReadersSimulation.class.getName(),
                "-rf", results.toAbsolutePath().toString(), "-rd", "so-mining load run"});
        Path index = newestReport(results);
        if (status != 0 || index == null) {
            out.println("FAILED: Gatling ended with status " + status + (index == null ? " and wrote no report" : ""));
            return false;
        }
        LoadReport report = new LoadReport(plan, GatlingReport.read(index), Phases.spans(), Phases.outcomes(),
                Phases.greedyAnswers());
        report.print(out, Phases.outcomes());
        out.println("Gatling's report: " + index.toAbsolutePath());
        return report.failures().isEmpty();
    }

    /**
     * Gatling asks Maven Central for a newer release before a run unless it asked in the last hours; the load run sends
     * nothing beyond the loopback, so it records a check made now (in the preferences folder the launcher gives it).
     */
    static void skipReleaseCheck() {
        java.util.prefs.Preferences check = java.util.prefs.Preferences.userRoot().node("/io/gatling/latestVersion");
        check.putLong("lastCheckTimestamp", System.currentTimeMillis());
        check.putBoolean("lastCheckSuccess", false);
        try {
            check.flush();
        } catch (java.util.prefs.BackingStoreException e) {
            // then Gatling asks, and says so if a newer release exists; the run is the same
        }
    }

    private static Path newestReport(Path results) throws IOException {
        try (Stream<Path> runs = Files.list(results)) {
            return runs.map(run -> run.resolve("index.html")).filter(Files::exists)
                    .max(Comparator.comparing(index -> index.toFile().lastModified())).orElse(null);
        }
    }

    /** The plan: the form's sizes, the tokens, and what the readers read, found through the gateway. */
    static LoadPlan plan(Map<String, String> options, Form form) throws IOException, InterruptedException {
        String gateway = required(options, "--gateway");
        JsonNode tokens = JSON.readTree(Path.of(required(options, "--tokens")).toFile());
        String admin = tokens.get("admin").asText();
        List<String> readers = new ArrayList<>();
        tokens.get("readers").forEach(token -> readers.add(token.asText()));
        String study = options.getOrDefault("--study", "fse2020");
        String site = options.getOrDefault("--site", "stackoverflow.com");
        String[] limit = options.getOrDefault("--rate-limit", "50:100").split(":");
        Gateway api = new Gateway(gateway, admin);
        String siteQuery = "site=" + URLEncoder.encode(site, StandardCharsets.UTF_8);
        List<String> sets = new ArrayList<>();
        api.get("/api/metrics/studies/" + study + "/sets?" + siteQuery).get("sets").fieldNames().forEachRemaining(sets::add);
        List<Long> questions = new ArrayList<>();
        if (!sets.isEmpty()) {
            api.get("/api/classifier/studies/" + study + "/sets/" + sets.get(0) + "/members?limit=1000&" + siteQuery)
                    .get("items").forEach(item -> questions.add(item.get("postId").asLong()));
        }
        int version = 1;
        JsonNode versions = api.getOrNull("/api/classifier/studies/" + RECLASSIFIED_STUDY + "/versions");
        if (versions != null) {
            for (JsonNode published : versions) {
                version = Math.max(version, published.get("version").asInt() + 1);
            }
        }
        String yaml = Files.readString(Path.of(required(options, "--study-file")))
                .replaceFirst("(?m)^id: .*$", "id: " + RECLASSIFIED_STUDY)
                .replaceFirst("(?m)^version: .*$", "version: " + version)
                .replaceFirst("(?m)^title: .*$", "title: The load run's reclassification (version " + version + ")");
        String ingest = JSON.createObjectNode().put("path", required(options, "--dump")).toString();
        return new LoadPlan(gateway, form.steps(), form.stepSeconds(), form.readers(), form.paceMillis(), form.greedyUsers(),
                new LoadPlan.RateLimit(Double.parseDouble(limit[0]), Double.parseDouble(limit[1])), form.jobMinutes(),
                readers, tokens.get("greedy").asText(), admin, study, site, sets, questions, ingest,
                RECLASSIFIED_STUDY, version, yaml);
    }

    /** The gateway with the admin's token, for the plan's lookups. */
    private record Gateway(String base, String token) {
        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        JsonNode get(String path) throws IOException, InterruptedException {
            JsonNode found = getOrNull(path);
            if (found == null) {
                throw new IllegalStateException("GET " + path + " answered 404: load the study's data first");
            }
            return found;
        }

        JsonNode getOrNull(String path) throws IOException, InterruptedException {
            HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 404) {
                return null;
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return JSON.readTree(answer.body());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--short")) {
                options.put("--short", "");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
