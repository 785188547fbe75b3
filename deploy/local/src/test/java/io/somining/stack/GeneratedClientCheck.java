package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somining.client.classifier.api.StudiesApi;
import io.somining.client.classifier.model.SetDocument;
import io.somining.client.classifier.model.StudyDocumentView;
import io.somining.client.ingest.api.IngestJobsApi;
import io.somining.client.ingest.model.IngestJobView;
import io.somining.client.ingest.model.StartIngestRequest;
import io.somining.client.ingest.model.State;
import io.somining.client.metrics.api.DifficultyApi;
import io.somining.client.metrics.api.PopularityApi;
import io.somining.client.metrics.model.DifficultyView;
import io.somining.client.metrics.model.TrendView;
import io.somining.client.metrics.model.YearCount;
import io.somining.client.taxonomy.api.LabelingApi;
import io.somining.client.taxonomy.api.TaxonomiesApi;
import io.somining.client.taxonomy.model.Entry;
import io.somining.client.taxonomy.model.Item;
import io.somining.client.taxonomy.model.LabelRequest;
import io.somining.client.taxonomy.model.NewRoundRequest;
import io.somining.client.taxonomy.model.NodeView;
import io.somining.client.taxonomy.model.Round;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Calls the packaged stack through the gateway with the Java client openapi-generator made from the committed
 * OpenAPI documents (examples/client), as a dashboard would, and compares its typed results with the same
 * answers read as plain JSON.
 */
final class GeneratedClientCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String gateway;
    private final Function<String, String> tokenFor;

    /** tokenFor: a bearer token for a user name and roles "user:role,role". */
    GeneratedClientCheck(String gateway, Function<String, String> tokenFor) {
        this.gateway = gateway;
        this.tokenFor = tokenFor;
    }

    void trendAndDifficulty(String study, String set, String site) throws Exception {
        var metrics = new io.somining.client.metrics.ApiClient();
        metrics.updateBaseUri(gateway + "/api/metrics");
        metrics.setRequestInterceptor(bearer("it-dashboard:reader"));

        TrendView trend = new PopularityApi(metrics).getTrend(study, set, null, null, site, null);
        DifficultyView difficulty = new DifficultyApi(metrics).getDifficulty(study, set, null, null, site);

        JsonNode rawTrend = get("/api/metrics/studies/" + study + "/sets/" + set + "/trend?site=" + site, "it-dashboard:reader");
        Map<Integer, Long> expected = new TreeMap<>();
        rawTrend.get("years").forEach(year -> expected.put(year.get("year").asInt(), year.get("questions").asLong()));
        Map<Integer, Long> typed = new TreeMap<>();
        for (YearCount year : trend.getYears()) {
            typed.put(year.getYear(), year.getQuestions());
        }
        assertThat(expected).as("the trend as JSON").isNotEmpty();
        assertThat(typed).isEqualTo(expected);
        assertThat(trend.getStudyId()).isEqualTo(study);

        JsonNode rawDifficulty = get("/api/metrics/studies/" + study + "/sets/" + set + "/difficulty?site=" + site,
                "it-dashboard:reader");
        assertThat(difficulty.getQuestions()).isEqualTo(rawDifficulty.get("questions").asInt()).isPositive();
        assertThat(difficulty.getShareWithoutAcceptedAnswer())
                .isEqualTo(rawDifficulty.get("shareWithoutAcceptedAnswer").asDouble());
        assertThat(difficulty.getResponseMinutes().getMedian())
                .isEqualTo(rawDifficulty.at("/responseMinutes/median").asDouble());
    }

    void studyDefinition(String study) throws Exception {
        var classifier = new io.somining.client.classifier.ApiClient();
        classifier.updateBaseUri(gateway + "/api/classifier");
        classifier.setRequestInterceptor(bearer("it-dashboard:reader"));

        StudyDocumentView definition = new StudiesApi(classifier).getStudyDefinition(study);

        JsonNode listed = null;
        for (JsonNode entry : get("/api/classifier/studies", "it-dashboard:reader")) {
            if (entry.get("id").asText().equals(study)) {
                listed = entry;
            }
        }
        assertThat(listed).as("study %s listed", study).isNotNull();
        assertThat(definition.getVersion()).isEqualTo(listed.get("version").asInt());
        List<String> listedSets = new java.util.ArrayList<>();
        listed.get("sets").forEach(set -> listedSets.add(set.get("id").asText()));
        assertThat(definition.getSets()).extracting(SetDocument::getId).isEqualTo(listedSets);
        assertThat(definition.getSets()).allSatisfy(set -> assertThat(set.getRule()).isNotEmpty());

        // a member's classifications, with why it is in each set (matches are stored as the event's JSON)
        var member = new io.somining.client.classifier.api.StudiesApi(classifier)
                .listSetMembers(study, listedSets.get(listedSets.size() - 1), null, 1, null, null).getItems().get(0);
        var classifications = new io.somining.client.classifier.api.ClassificationsApi(classifier)
                .getQuestionClassifications(member.getSite(), member.getPostId());
        var ofStudy = classifications.stream().filter(c -> c.getStudyId().equals(study)).findFirst().orElseThrow();
        JsonNode raw = null;
        for (JsonNode entry : get("/api/classifier/classifications/" + member.getSite() + "/" + member.getPostId(),
                "it-dashboard:reader")) {
            if (entry.get("studyId").asText().equals(study)) {
                raw = entry;
            }
        }
        assertThat(ofStudy.getSets()).contains(listedSets.get(listedSets.size() - 1));
        assertThat(ofStudy.getMatches()).extracting(io.somining.client.classifier.model.SetMatch::getSet)
                .containsExactlyElementsOf(raw.get("matches").findValuesAsText("set"));
    }

    IngestJobView validateOnlyJob(String path) throws Exception {
        var ingest = new io.somining.client.ingest.ApiClient();
        ingest.updateBaseUri(gateway + "/api/ingest");
        ingest.setRequestInterceptor(bearer("it-dashboard:admin"));
        IngestJobsApi jobs = new IngestJobsApi(ingest);

        IngestJobView started = jobs.startJob(new StartIngestRequest().path(path).validateOnly(true));
        IngestJobView job = started;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while ((job.getState() == State.QUEUED || job.getState() == State.RUNNING) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            job = jobs.getJob(started.getId());
        }
        assertThat(job.getState()).isEqualTo(State.SUCCEEDED);
        assertThat(job.getValidateOnly()).isTrue();
        JsonNode raw = get("/api/ingest/jobs/" + started.getId(), "it-dashboard:admin");
        assertThat(job.getRowsRead()).isEqualTo(raw.get("rowsRead").asLong()).isPositive();
        assertThat(job.getFinishedAt().toInstant().toString()).isEqualTo(
                java.time.Instant.parse(raw.get("finishedAt").asText()).toString());
        return job;
    }

    void labelingRound(String study, String set, String site, String taxonomy) throws Exception {
        var researcher = new io.somining.client.taxonomy.ApiClient();
        researcher.updateBaseUri(gateway + "/api/taxonomy");
        researcher.setRequestInterceptor(bearer("it-researcher:researcher"));
        var raterA = new io.somining.client.taxonomy.ApiClient();
        raterA.updateBaseUri(gateway + "/api/taxonomy");
        raterA.setRequestInterceptor(bearer("it-rater-a:rater"));

        Round round = new LabelingApi(researcher).createRound(new NewRoundRequest().name("generated client")
                .kind("CATEGORY").studyId(study).setId(set).site(site).taxonomyId(taxonomy)
                .raterA("it-rater-a").raterB("it-rater-b").arbitrator("it-arbiter").seed(24L).size(4));
        List<Item> items = new LabelingApi(researcher).listRoundItems(round.getId(), null, null);
        NodeView leaf = new TaxonomiesApi(researcher).listTaxonomyNodes(taxonomy).stream()
                .filter(NodeView::getLabelable).findFirst().orElseThrow();
        Entry label = new LabelingApi(raterA).labelItem(round.getId(), items.get(0).getSite(), items.get(0).getPostId(),
                new LabelRequest().labels(List.of(leaf.getId())).note("typed"));

        assertThat(round.getRaterA()).isEqualTo("it-rater-a");
        assertThat(round.getPopulation()).isPositive();
        assertThat(items).hasSize(4).allSatisfy(item -> assertThat(item.getSite()).isEqualTo(site));
        assertThat(label.getLabels()).containsExactly(leaf.getId());
        assertThat(label.getAuthor()).isEqualTo("it-rater-a");
        JsonNode rawRound = get("/api/taxonomy/rounds/" + round.getId(), "it-researcher:researcher");
        assertThat(round.getSeed()).isEqualTo(rawRound.get("seed").asLong()).isEqualTo(24L);
        assertThat(round.getPopulation()).isEqualTo(rawRound.get("population").asInt());
    }

    private java.util.function.Consumer<HttpRequest.Builder> bearer(String who) {
        String token = tokenFor.apply(who);
        return builder -> builder.header("Authorization", "Bearer " + token);
    }

    private JsonNode get(String path, String who) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + tokenFor.apply(who)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
