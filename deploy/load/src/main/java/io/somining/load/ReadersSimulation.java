package io.somining.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * The load run's phases, one after the other: a staircase of readers (the knee), the readers beside a client
 * over its rate limit, and the readers while an ingest job and a reclassification run. Every request is named
 * {@code phase | endpoint}, so that Gatling's report gives each endpoint of each phase its own figures.
 */
public class ReadersSimulation extends Simulation {

    static final String SEPARATOR = " | ";
    static final Set<String> JOB_ENDS = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    static final Set<String> REPLAY_ENDS = Set.of("DONE", "SUPERSEDED");

    private final LoadPlan plan = LoadPlan.read(Path.of(System.getProperty(LoadPlan.PROPERTY)));

    public ReadersSimulation() {
        HttpProtocolBuilder protocol = http.baseUrl(plan.gateway()).acceptHeader("application/json")
                .userAgentHeader("so-mining load run");
        List<List<PopulationBuilder>> stages = new ArrayList<>();
        for (int readers : plan.steps()) {
            stages.add(List.of(readers(Phases.step(readers), readers, false).injectOpen(atOnceUsers(readers))));
        }
        String greedyPhase = Phases.greedy(plan.readers());
        stages.add(List.of(readers(greedyPhase, plan.readers(), false).injectOpen(atOnceUsers(plan.readers())),
                greedy(greedyPhase).injectOpen(atOnceUsers(plan.greedyUsers()))));
        String writesPhase = Phases.writes(plan.readers());
        stages.add(List.of(readers(writesPhase, plan.readers(), true).injectOpen(atOnceUsers(plan.readers())),
                ingest(writesPhase).injectOpen(atOnceUsers(1)), reclassification(writesPhase).injectOpen(atOnceUsers(1))));
        setUp(sequence(stages)).protocols(protocol).maxDuration(Duration.ofMinutes(plan.jobMinutes() + 5L)
                .plusSeconds((long) plan.stepSeconds() * stages.size()));
    }

    /**
     * The stages one after the other: each stage's populations start together once the first population of the
     * stage before has ended ({@code a.andThen(b).andThen(c)} would start b and c together, so the chain is nested).
     */
    static List<PopulationBuilder> sequence(List<List<PopulationBuilder>> stages) {
        List<PopulationBuilder> next = stages.get(stages.size() - 1);
        for (int i = stages.size() - 2; i >= 0; i--) {
            List<PopulationBuilder> stage = new ArrayList<>(stages.get(i));
            stage.set(0, stage.get(0).andThen(next));
            next = stage;
        }
        return next;
    }

    /** Readers, each with its own token, each at most one request per pace: figures, set members and questions. */
    private ScenarioBuilder readers(String phase, int count, boolean whileWritesRun) {
        List<Map<String, Object>> tokens = new ArrayList<>();
        plan.readerTokens().subList(0, count).forEach(token -> tokens.add(Map.of("token", token)));
        List<Map<String, Object>> questions = new ArrayList<>();
        plan.questionIds().forEach(id -> questions.add(Map.of("question", id)));
        List<Map<String, Object>> sets = new ArrayList<>();
        plan.sets().forEach(set -> sets.add(Map.of("set", set)));
        String metrics = "/api/metrics/studies/" + plan.study();
        String site = "site=" + plan.site();
        ChainBuilder read = exec(pace(Duration.ofMillis(plan.paceMillis())))
                .feed(listFeeder(questions).random()).feed(listFeeder(sets).random())
                .exec(randomSwitch().on(
                        percent(30).then(get(phase, "GET /ingest/questions/{site}/{id}",
                                "/api/ingest/questions/" + plan.site() + "/#{question}")),
                        percent(15).then(get(phase, "GET /metrics/studies/{study}/sets", metrics + "/sets?" + site)),
                        percent(15).then(get(phase, "GET /metrics/studies/{study}/sets/{set}/trend",
                                metrics + "/sets/#{set}/trend?" + site)),
                        percent(15).then(get(phase, "GET /metrics/studies/{study}/sets/{set}/difficulty",
                                metrics + "/sets/#{set}/difficulty?" + site)),
                        percent(10).then(get(phase, "GET /metrics/studies/{study}/sets/{set}/survival",
                                metrics + "/sets/#{set}/survival?" + site)),
                        percent(15).then(get(phase, "GET /classifier/studies/{study}/sets/{set}/members",
                                "/api/classifier/studies/" + plan.study() + "/sets/#{set}/members?limit=50&" + site))));
        ScenarioBuilder scenario = scenario(phase).feed(listFeeder(tokens).queue()).exec(Phases.started(phase));
        Duration patience = Duration.ofMinutes(plan.jobMinutes());
        scenario = whileWritesRun
                ? scenario.asLongAs(session -> !Phases.writesOver() && !Phases.expired(session, patience)).on(read)
                : scenario.during(Duration.ofSeconds(plan.stepSeconds())).on(read);
        return scenario.exec(Phases.ended(phase));
    }

    private static ChainBuilder get(String phase, String endpoint, String path) {
        return exec(http(phase + SEPARATOR + endpoint).get(path).header("Authorization", "Bearer #{token}"));
    }

    /**
     * One client (one token) on many connections, each at the readers' pace: with 50 of them, 10 times the gateway's
     * default limit (a script that ignores the 429s and their Retry-After). The gateway must hold it to its limit.
     */
    private ScenarioBuilder greedy(String phase) {
        String name = phase + SEPARATOR + Phases.GREEDY;
        // the loop ends after a whole iteration (not in the middle: an answer would be recorded by Gatling and not
        // counted here), and each request starts with no status saved (a failed check saves none)
        return scenario(phase + " (greedy client)").exec(Phases.started(name))
                .during(Duration.ofSeconds(plan.stepSeconds()), false).on(exec(pace(Duration.ofMillis(plan.paceMillis())))
                        .exec(session -> session.remove("status")).exec(http(name)
                        .get("/api/metrics/studies/" + plan.study() + "/sets?site=" + plan.site())
                        .header("Authorization", "Bearer " + plan.greedyToken())
                        .check(status().in(200, 429).saveAs("status")))
                        .exec(session -> Phases.greedyAnswered(session.contains("status") ? session.getInt("status") : 0, session)))
                .exec(Phases.ended(name));
    }

    /** Starts the ingest job and follows it to its end. */
    private ScenarioBuilder ingest(String phase) {
        Duration patience = Duration.ofMinutes(plan.jobMinutes());
        return scenario(phase + " (ingest job)").exec(Phases.started(phase + SEPARATOR + Phases.INGEST))
                .exec(session -> session.set("state", "STARTING"))
                .exec(http(phase + SEPARATOR + Phases.INGEST + ": POST /ingest/jobs").post("/api/ingest/jobs")
                        .header("Authorization", "Bearer " + plan.adminToken())
                        .body(StringBody(plan.ingestRequest())).asJson()
                        .check(status().is(202), jsonPath("$.id").saveAs("job")))
                .asLongAs(session -> session.contains("job") && !JOB_ENDS.contains(session.getString("state"))
                        && !Phases.expired(session, patience)).on(exec(pace(Duration.ofSeconds(1)))
                        .exec(http(phase + SEPARATOR + Phases.INGEST + ": GET /ingest/jobs/{id}").get("/api/ingest/jobs/#{job}")
                                .header("Authorization", "Bearer " + plan.adminToken())
                                .check(jsonPath("$.state").saveAs("state"))))
                .exec(session -> Phases.ingestEnded(session.getString("state"), session));
    }

    /** Publishes the study's new version and follows its replay over every question to its end. */
    private ScenarioBuilder reclassification(String phase) {
        Duration patience = Duration.ofMinutes(plan.jobMinutes());
        String replays = "/api/classifier/studies/" + plan.reclassifyStudy() + "/reclassifications";
        return scenario(phase + " (reclassification)").exec(Phases.started(phase + SEPARATOR + Phases.RECLASSIFICATION))
                .exec(session -> session.set("replay", "PUBLISHING"))
                .exec(http(phase + SEPARATOR + Phases.RECLASSIFICATION + ": POST /classifier/studies").post("/api/classifier/studies")
                        .header("Authorization", "Bearer " + plan.adminToken())
                        .header("Content-Type", "application/yaml").body(StringBody(plan.reclassifyYaml()))
                        .check(status().is(201)))
                // a poll that fails (a restart, a timeout) is followed by the next; a refused publication ends here
                .exec(session -> session.set("published", !session.isFailed()).markAsSucceeded())
                .asLongAs(session -> session.getBoolean("published") && !REPLAY_ENDS.contains(session.getString("replay"))
                        && !Phases.expired(session, patience)).on(exec(pace(Duration.ofSeconds(1)))
                        .exec(http(phase + SEPARATOR + Phases.RECLASSIFICATION + ": GET /classifier/studies/{id}/reclassifications").get(replays)
                                .header("Authorization", "Bearer " + plan.adminToken())
                                .check(jsonPath("$[?(@.toVersion == " + plan.reclassifyVersion() + ")].state")
                                        .optional().saveAs("replay"))))
                .exec(session -> Phases.reclassificationEnded(session.getString("replay"), session));
    }
}
